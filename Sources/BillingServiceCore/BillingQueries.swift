public import Foundation
public import GRDB

/// One invoice line.
public struct InvoiceLine: Codable, Sendable, Equatable {
    public var sku: String
    public var name: String
    public var unitPriceMinor: Int64
    public var quantity: Int
    public var lineTotalMinor: Int64
}

/// An invoice in integer minor units.
public struct Invoice: Codable, Sendable, Equatable {
    public var invoiceNumber: String
    public var cartId: String
    public var customerId: String
    public var checkoutEventId: String
    public var currency: String
    public var lines: [InvoiceLine]
    public var subtotalMinor: Int64
    public var taxRateBasisPoints: Int64
    public var taxMinor: Int64
    public var totalMinor: Int64
    public var issuedAt: Date
}

/// Invoiced amounts of one UTC day and currency.
public struct DailyTotal: Codable, Sendable, Equatable {
    public var day: String
    public var currency: String
    public var invoices: Int
    public var subtotalMinor: Int64
    public var taxMinor: Int64
    public var totalMinor: Int64
}

/// Read-side queries of the billing model.
public enum BillingQueries {
    /// The invoice of a cart, if it was checked out.
    public static func invoice(cartID: String, in db: Database) throws -> Invoice? {
        try invoices(db, where: "cart_id = ?", cartID).first
    }

    /// A customer's invoices, oldest first.
    public static func invoices(customerID: String, in db: Database) throws -> [Invoice] {
        try invoices(db, where: "customer_id = ?", customerID)
    }

    /// Totals per day and currency (optionally one currency), by day.
    public static func dailyTotals(currency: String?, in db: Database) throws -> [DailyTotal] {
        let filter = currency == nil ? "" : "WHERE currency = ?"
        return try Row.fetchAll(
            db,
            sql: """
                SELECT issued_day, currency, COUNT(*) AS n, SUM(subtotal_minor) AS s, SUM(tax_minor) AS t, SUM(total_minor) AS g
                FROM invoices \(filter) GROUP BY issued_day, currency ORDER BY issued_day, currency
                """,
            arguments: StatementArguments(currency.map { [$0] } ?? [])
        ).map {
            DailyTotal(
                day: $0["issued_day"], currency: $0["currency"], invoices: $0["n"], subtotalMinor: $0["s"], taxMinor: $0["t"],
                totalMinor: $0["g"])
        }
    }

    private static func invoices(_ db: Database, where condition: String, _ value: String) throws -> [Invoice] {
        try Row.fetchAll(db, sql: "SELECT * FROM invoices WHERE \(condition) ORDER BY number", arguments: [value]).map { row in
            let number: String = row["invoice_number"]
            let lines = try Row.fetchAll(
                db, sql: "SELECT * FROM invoice_lines WHERE invoice_number = ? ORDER BY line_no", arguments: [number]
            ).map {
                InvoiceLine(
                    sku: $0["sku"], name: $0["name"], unitPriceMinor: $0["unit_price_minor"], quantity: $0["quantity"],
                    lineTotalMinor: $0["line_total_minor"])
            }
            return Invoice(
                invoiceNumber: number, cartId: row["cart_id"], customerId: row["customer_id"], checkoutEventId: row["checkout_event_id"],
                currency: row["currency"], lines: lines, subtotalMinor: row["subtotal_minor"], taxRateBasisPoints: row["tax_rate_bp"],
                taxMinor: row["tax_minor"], totalMinor: row["total_minor"],
                issuedAt: Date(timeIntervalSince1970: Double(row["issued_at_ms"] as Int64) / 1000))
        }
    }
}
