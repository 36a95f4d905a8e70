public import CartDomain
public import ConsumerRuntime
import EventSourcing
import Foundation
public import GRDB

/// Invoices: one per checkout, numbered without gaps (`INV-000001`, ...) in the transaction
/// that stores it. Unique by cart and by checkout event, so a replay or redelivery never
/// creates a second invoice.
///
/// Numbers follow consumption order, which across partitions is not fixed. So that a replay
/// does not renumber invoices already issued, `invoice_number_registry` (checkout event →
/// number) is carried over from the live database into a replay's fresh one; only checkouts
/// it does not know get new numbers (max + 1). `POST /admin/reset` drops it with the rest.
public struct BillingReadModel: ReadModel {
    public typealias Registry = CartEventRegistry
    /// The tax rate in basis points (`TAX_RATE_BASIS_POINTS`, default 1900 = 19 %).
    public let taxRateBasisPoints: Int64

    /// Creates the model.
    /// - Parameter taxRateBasisPoints: the tax rate.
    public init(taxRateBasisPoints: Int64 = 1900) { self.taxRateBasisPoints = taxRateBasisPoints }

    public func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("billing-v1") { db in
            try db.create(table: "billing_carts") { t in
                t.primaryKey("cart_id", .text)
                t.column("customer_id", .text).notNull()
                t.column("currency", .text).notNull()
            }
            try db.create(table: "invoices") { t in
                t.primaryKey("number", .integer)
                t.column("invoice_number", .text).notNull().unique()
                t.column("cart_id", .text).notNull().unique()
                t.column("checkout_event_id", .text).notNull().unique()
                t.column("customer_id", .text).notNull().indexed()
                t.column("currency", .text).notNull()
                t.column("subtotal_minor", .integer).notNull()
                t.column("tax_rate_bp", .integer).notNull()
                t.column("tax_minor", .integer).notNull()
                t.column("total_minor", .integer).notNull()
                t.column("issued_at_ms", .integer).notNull()
                t.column("issued_day", .text).notNull()
            }
            try db.create(table: "invoice_number_registry") { t in
                t.primaryKey("checkout_event_id", .text)
                t.column("cart_id", .text).notNull().unique()
                t.column("number", .integer).notNull().unique()
            }
            try db.create(table: "invoice_lines") { t in
                t.column("invoice_number", .text).notNull()
                t.column("line_no", .integer).notNull()
                t.column("sku", .text).notNull()
                t.column("name", .text).notNull()
                t.column("unit_price_minor", .integer).notNull()
                t.column("quantity", .integer).notNull()
                t.column("line_total_minor", .integer).notNull()
                t.primaryKey(["invoice_number", "line_no"])
            }
        }
    }

    public var checksumQueries: [String] {
        [
            "SELECT * FROM billing_carts ORDER BY cart_id",
            "SELECT * FROM invoices ORDER BY number",
            "SELECT * FROM invoice_lines ORDER BY invoice_number, line_no",
        ]
    }

    public var carriedOverTables: [String] { ["invoice_number_registry"] }

    public func apply(_ event: AppliedEvent<CartEvent>, in db: Database) throws {
        let envelope = event.envelope
        switch envelope.payload {
        case .created(let created):
            try db.execute(
                sql: "INSERT OR IGNORE INTO billing_carts (cart_id, customer_id, currency) VALUES (?, ?, ?)",
                arguments: [envelope.streamID, created.customerID, created.currency.code])
        case .checkedOut(let checkout):
            try issueInvoice(for: checkout, envelope: envelope, in: db)
        case .itemAdded, .itemQuantityChanged, .itemRemoved, .abandoned:
            break
        }
    }

    private func issueInvoice(for checkout: CartCheckedOut, envelope: EventEnvelope<CartEvent>, in db: Database) throws {
        let eventID = envelope.eventID.uuidString
        let exists =
            try Bool.fetchOne(
                db, sql: "SELECT 1 FROM invoices WHERE cart_id = ? OR checkout_event_id = ?", arguments: [envelope.streamID, eventID])
            ?? false
        guard !exists else { return }
        let customer =
            try String.fetchOne(db, sql: "SELECT customer_id FROM billing_carts WHERE cart_id = ?", arguments: [envelope.streamID])
            ?? "unknown"
        let number: Int64
        if let issued = try Int64.fetchOne(
            db, sql: "SELECT number FROM invoice_number_registry WHERE checkout_event_id = ? OR cart_id = ?",
            arguments: [eventID, envelope.streamID])
        {
            number = issued
        } else {
            number = (try Int64.fetchOne(db, sql: "SELECT MAX(number) FROM invoice_number_registry") ?? 0) + 1
            try db.execute(
                sql: "INSERT INTO invoice_number_registry (checkout_event_id, cart_id, number) VALUES (?, ?, ?)",
                arguments: [eventID, envelope.streamID, number])
        }
        let invoiceNumber = Self.invoiceNumber(number)
        let subtotal = checkout.lines.reduce(Int64(0)) { $0 + $1.lineTotal.minorUnits }
        let tax = TaxCalculation.tax(onSubtotal: subtotal, basisPoints: taxRateBasisPoints)
        let at = envelope.occurredAt.millisecondsSince1970
        try db.execute(
            sql: """
                INSERT INTO invoices (number, invoice_number, cart_id, checkout_event_id, customer_id, currency,
                  subtotal_minor, tax_rate_bp, tax_minor, total_minor, issued_at_ms, issued_day)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                number, invoiceNumber, envelope.streamID, eventID, customer, checkout.subtotal.currency.code,
                subtotal, taxRateBasisPoints, tax, subtotal + tax, at, Self.day(of: envelope.occurredAt),
            ])
        for (index, line) in checkout.lines.enumerated() {
            try db.execute(
                sql:
                    "INSERT INTO invoice_lines (invoice_number, line_no, sku, name, unit_price_minor, quantity, line_total_minor) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    invoiceNumber, index + 1, line.sku, line.name, line.unitPrice.minorUnits, line.quantity, line.lineTotal.minorUnits,
                ])
        }
    }

    /// `INV-` and the number with at least six digits.
    public static func invoiceNumber(_ number: Int64) -> String {
        let digits = String(number)
        return "INV-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// The UTC calendar day of an event time, `YYYY-MM-DD`.
    static func day(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}
