public import ConsumerRuntime
import GRDB
public import Hummingbird
import ServiceRuntime

/// `GET /invoices/by-cart/{cartId}`, `GET /invoices/by-customer/{customerId}`, `GET /totals/daily?currency=`.
///
/// Invoice numbers (`invoiceNumber`, `INV-000001`, …) are gap-free in the order this service's
/// database applied the checkouts. Across partitions that order is not fixed, so the guarantee is:
/// a number once issued never changes — redelivery, restarts and `cartctl replay` keep it (the
/// replay carries `invoice_number_registry` over) — but a new database (a new instance, a deleted
/// volume, `POST /admin/reset`) starts a new series in its own order. Identify an invoice by its
/// cart or checkout event; every other field is a function of the events alone.
public struct BillingRoutes: Sendable {
    let runtime: ConsumerRuntime<BillingReadModel>

    /// Creates the routes.
    /// - Parameter runtime: the billing consumer.
    public init(runtime: ConsumerRuntime<BillingReadModel>) { self.runtime = runtime }

    /// Adds them to `router`.
    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("invoices/by-cart/:cartId") { _, context -> Response in
            let cartID = try context.parameters.require("cartId")
            guard let invoice = try await runtime.store.database.read({ try BillingQueries.invoice(cartID: cartID, in: $0) }) else {
                throw ProblemDetails(status: .notFound, type: "not_found", title: "No invoice", detail: "cart \(cartID) has no invoice")
            }
            return OperationsRoutes.jsonResponse(invoice)
        }
        router.get("invoices/by-customer/:customerId") { _, context -> Response in
            let customerID = try context.parameters.require("customerId")
            return OperationsRoutes.jsonResponse(
                try await runtime.store.database.read { try BillingQueries.invoices(customerID: customerID, in: $0) })
        }
        router.get("totals/daily") { request, _ -> Response in
            let currency = request.uri.queryParameters.get("currency")
            return OperationsRoutes.jsonResponse(
                try await runtime.store.database.read { try BillingQueries.dailyTotals(currency: currency, in: $0) })
        }
    }
}
