public import CartDomain
public import ConsumerRuntime
import EventSourcing
import Foundation
public import GRDB

/// The fraud read model: cart values, per-customer activity in event time, and the flags
/// the rules raised (each flag at most once per subject).
///
/// A function of the events alone, whatever order the partitions interleave in: per-cart rules
/// see one cart's events, which one partition keeps in order; per-customer rules combine carts of
/// several partitions, so each is evaluated over every window of the activity recorded so far, not
/// only the window ending at the event that just arrived. A customer flag names the earliest window
/// (in event time, ties by event id) that exceeds its threshold, with that window's count; an
/// event arriving late can only move it earlier or raise the count, so every interleaving of the
/// same events ends with the same flags.
public struct FraudReadModel: ReadModel {
    public typealias Registry = CartEventRegistry
    /// The thresholds.
    public let rules: FraudRules

    /// Creates the model.
    /// - Parameter rules: thresholds and windows.
    public init(rules: FraudRules = FraudRules()) { self.rules = rules }

    public func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("fraud-v1") { db in
            try db.create(table: "fraud_carts") { t in
                t.primaryKey("cart_id", .text)
                t.column("customer_id", .text).notNull()
                t.column("currency", .text).notNull()
                t.column("checked_out_at_ms", .integer)
            }
            try db.create(table: "fraud_cart_changes") { t in
                t.primaryKey("event_id", .text)
                t.column("cart_id", .text).notNull().indexed()
                t.column("at_ms", .integer).notNull()
            }
            try db.create(table: "fraud_customer_activity") { t in
                t.primaryKey("event_id", .text)
                t.column("customer_id", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("value", .text).notNull()
                t.column("at_ms", .integer).notNull()
            }
            try db.create(index: "fraud_activity_by_customer", on: "fraud_customer_activity", columns: ["customer_id", "kind", "at_ms"])
            try db.create(table: "fraud_flags") { t in
                t.column("subject_type", .text).notNull()
                t.column("subject_id", .text).notNull()
                t.column("flag", .text).notNull()
                t.column("score", .integer).notNull()
                t.column("detail", .text).notNull()
                t.column("event_id", .text).notNull()
                t.column("at_ms", .integer).notNull()
                t.primaryKey(["subject_type", "subject_id", "flag"])
            }
        }
    }

    public var checksumQueries: [String] {
        [
            "SELECT * FROM fraud_carts ORDER BY cart_id",
            "SELECT * FROM fraud_cart_changes ORDER BY event_id",
            "SELECT * FROM fraud_customer_activity ORDER BY event_id",
            "SELECT * FROM fraud_flags ORDER BY subject_type, subject_id, flag",
        ]
    }

    public func apply(_ event: AppliedEvent<CartEvent>, in db: Database) throws {
        let envelope = event.envelope
        let at = envelope.occurredAt.millisecondsSince1970
        let eventID = envelope.eventID.uuidString
        let cartID = envelope.streamID
        switch envelope.payload {
        case .created(let created):
            try db.execute(
                sql: "INSERT OR IGNORE INTO fraud_carts (cart_id, customer_id, currency) VALUES (?, ?, ?)",
                arguments: [cartID, created.customerID, created.currency.code])
            try record(db, eventID: eventID, customer: created.customerID, kind: "cart", value: cartID, at: at)
            try evaluate(db, customer: created.customerID, kind: "cart", threshold: rules.maxCartsPerWindow, flag: "too_many_carts") {
                "\($0) carts within \(rules.customerWindowSeconds)s"
            }
        case .itemQuantityChanged, .itemRemoved:
            try db.execute(
                sql: "INSERT OR IGNORE INTO fraud_cart_changes (event_id, cart_id, at_ms) VALUES (?, ?, ?)",
                arguments: [eventID, cartID, at])
        case .checkedOut(let checkout):
            guard let customer = try String.fetchOne(db, sql: "SELECT customer_id FROM fraud_carts WHERE cart_id = ?", arguments: [cartID])
            else { return }
            try db.execute(sql: "UPDATE fraud_carts SET checked_out_at_ms = ? WHERE cart_id = ?", arguments: [at, cartID])
            if checkout.subtotal.minorUnits >= rules.highCartValueMinorUnits {
                try flag(
                    db, "cart", cartID, "high_cart_value",
                    "subtotal \(checkout.subtotal.minorUnits) \(checkout.subtotal.currency.code) ≥ \(rules.highCartValueMinorUnits)",
                    eventID: eventID, at: at)
            }
            let churn =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM fraud_cart_changes WHERE cart_id = ? AND at_ms >= ? AND at_ms <= ?",
                    arguments: [cartID, at - rules.churnWindowSeconds * 1000, at]) ?? 0
            if churn >= rules.minChangesBeforeCheckout {
                try flag(
                    db, "cart", cartID, "churn_before_checkout",
                    "\(churn) quantity changes/removals within \(rules.churnWindowSeconds)s before checkout", eventID: eventID, at: at)
            }
            let address = [
                checkout.shippingAddress.name, checkout.shippingAddress.line1, checkout.shippingAddress.line2 ?? "",
                checkout.shippingAddress.postalCode, checkout.shippingAddress.city, checkout.shippingAddress.country,
            ]
            .map { $0.lowercased().trimmingCharacters(in: .whitespaces) }.joined(separator: "|")
            try record(db, eventID: eventID, customer: customer, kind: "checkout", value: cartID, at: at)
            try record(db, eventID: eventID + "/address", customer: customer, kind: "address", value: address, at: at)
            try record(db, eventID: eventID + "/payment", customer: customer, kind: "payment", value: checkout.paymentReference, at: at)
            try evaluate(db, customer: customer, kind: "checkout", threshold: rules.maxCheckoutsPerWindow, flag: "too_many_checkouts") {
                "\($0) checkouts within \(rules.customerWindowSeconds)s"
            }
            try evaluate(
                db, customer: customer, kind: "address", distinct: true, threshold: rules.maxShippingAddressesPerWindow,
                flag: "many_shipping_addresses"
            ) { "\($0) shipping addresses within \(rules.customerWindowSeconds)s" }
            try evaluate(
                db, customer: customer, kind: "payment", distinct: true, threshold: rules.maxPaymentReferencesPerWindow,
                flag: "many_payment_references"
            ) { "\($0) payment references within \(rules.customerWindowSeconds)s" }
        case .itemAdded, .abandoned:
            break
        }
    }

    private func record(_ db: Database, eventID: String, customer: String, kind: String, value: String, at: Int64) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO fraud_customer_activity (event_id, customer_id, kind, value, at_ms) VALUES (?, ?, ?, ?, ?)",
            arguments: [eventID, customer, kind, value, at])
    }

    /// Raises (or moves) the customer flag `flag` to the earliest window `(a - window, a]` of event
    /// time, anchored at an activity of `kind` at `a`, whose count (of values, when `distinct`)
    /// exceeds `threshold`. Every window is looked at, not only the newest event's, so the flag does
    /// not depend on the order in which partitions delivered the activity.
    private func evaluate(
        _ db: Database, customer: String, kind: String, distinct: Bool = false, threshold: Int, flag name: String,
        detail: (Int) -> String
    ) throws {
        let what = distinct ? "COUNT(DISTINCT b.value)" : "COUNT(*)"
        let windows = try Row.fetchAll(
            db,
            sql: """
                SELECT a.event_id AS event_id, a.at_ms AS at_ms,
                       (SELECT \(what) FROM fraud_customer_activity b
                         WHERE b.customer_id = a.customer_id AND b.kind = a.kind AND b.at_ms > a.at_ms - ? AND b.at_ms <= a.at_ms) AS n
                  FROM fraud_customer_activity a
                 WHERE a.customer_id = ? AND a.kind = ?
                 ORDER BY a.at_ms, a.event_id
                """,
            arguments: [rules.customerWindowSeconds * 1000, customer, kind])
        guard let earliest = windows.first(where: { ($0["n"] as Int) > threshold }) else { return }
        // Activity ids of one checkout carry a suffix (`<event id>/address`); the flag names the event.
        let anchor = String((earliest["event_id"] as String).prefix { $0 != "/" })
        let count: Int = earliest["n"]
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO fraud_flags (subject_type, subject_id, flag, score, detail, event_id, at_ms)
                VALUES ('customer', ?, ?, ?, ?, ?, ?)
                """,
            arguments: [customer, name, FraudRules.weights[name] ?? 10, detail(count), anchor, earliest["at_ms"] as Int64])
    }

    private func flag(_ db: Database, _ type: String, _ id: String, _ flag: String, _ detail: String, eventID: String, at: Int64) throws {
        try db.execute(
            sql:
                "INSERT OR IGNORE INTO fraud_flags (subject_type, subject_id, flag, score, detail, event_id, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [type, id, flag, FraudRules.weights[flag] ?? 10, detail, eventID, at])
    }
}
