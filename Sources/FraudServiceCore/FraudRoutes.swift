public import ConsumerRuntime
import Foundation
import GRDB
public import Hummingbird
import ServiceRuntime

/// `GET /carts/{id}/risk`, `GET /customers/{id}/risk` (both with optional `as_of` = RFC 3339
/// event time: time travel) and `GET /flags?min_score=`.
public struct FraudRoutes: Sendable {
    let runtime: ConsumerRuntime<FraudReadModel>

    /// Creates the routes.
    /// - Parameter runtime: the fraud consumer.
    public init(runtime: ConsumerRuntime<FraudReadModel>) { self.runtime = runtime }

    /// Adds them to `router`.
    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("carts/:id/risk") { request, context -> Response in
            let id = try context.parameters.require("id")
            guard let risk = try await read(request, { db in try FraudQueries.cartRisk(id, in: db) }) else {
                throw ProblemDetails(status: .notFound, type: "not_found", title: "Unknown cart", detail: "no events of cart \(id) seen")
            }
            return OperationsRoutes.jsonResponse(risk)
        }
        router.get("customers/:id/risk") { request, context -> Response in
            let id = try context.parameters.require("id")
            guard let risk = try await read(request, { db in try FraudQueries.customerRisk(id, in: db) }) else {
                throw ProblemDetails(
                    status: .notFound, type: "not_found", title: "Unknown customer", detail: "no carts of customer \(id) seen")
            }
            return OperationsRoutes.jsonResponse(risk)
        }
        router.get("flags") { request, _ -> Response in
            let minScore = request.uri.queryParameters.get("min_score", as: Int.self) ?? 1
            return OperationsRoutes.jsonResponse(try await read(request, { db in try FraudQueries.flagged(minScore: minScore, in: db) }))
        }
    }

    private func read<T: Sendable>(_ request: Request, _ query: @escaping @Sendable (Database) throws -> T) async throws -> T {
        if let asOf = request.uri.queryParameters.get("as_of") {
            guard let date = ReplayPlan.parseRFC3339(String(asOf)) else {
                throw ProblemDetails(
                    status: .badRequest, type: "invalid_as_of", title: "Invalid as_of", detail: "'\(asOf)' is not RFC 3339", field: "as_of")
            }
            return try await runtime.withReadModel(asOf: date) { try $0.read(query) }
        }
        return try await runtime.store.database.read(query)
    }
}
