public import CartDomain
public import ConsumerRuntime
import EventSourcing
import Foundation
public import GRDB
import Kafka

/// Notifications per customer, written to the outbox (`notifications`, status `pending`)
/// in the same transaction as the cart state they come from.
///
/// - Order confirmation: on `cart.checked_out`.
/// - Reminder rule (event time, deterministic on replay): after an event at time `T` on
///   partition `p` is applied, every cart on `p` that is still open (not checked out, not
///   abandoned), was not reminded yet, and whose last event (creation or item change) is at
///   or before `T - reminderAfterSeconds` gets one reminder — except the cart of the event
///   itself, which just changed. A cart is reminded at most once. The trigger is the log, not
///   the wall clock: a quiet partition sends no reminders until its next event.
///
/// Every notification's id is `<causing event id>/<kind>` (the checkout event, or the cart's
/// last event for a reminder), and its Message-ID is derived from it.
public struct EmailReadModel: ReadModel {
    public typealias Registry = CartEventRegistry
    /// Seconds of event time after which an open cart is reminded (`REMINDER_AFTER_SECONDS`, default 3600).
    public let reminderAfterSeconds: Int64
    /// The templates.
    public let templates: EmailTemplates

    /// Creates the model.
    /// - Parameters:
    ///   - reminderAfterSeconds: reminder delay in event time.
    ///   - templates: the e-mail templates.
    public init(reminderAfterSeconds: Int64 = 3600, templates: EmailTemplates) {
        self.reminderAfterSeconds = reminderAfterSeconds
        self.templates = templates
    }

    public func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("email-v1") { db in
            try db.create(table: "email_carts") { t in
                t.primaryKey("cart_id", .text)
                t.column("partition", .integer).notNull()
                t.column("customer_id", .text).notNull()
                t.column("email", .text).notNull()
                t.column("status", .text).notNull()
                t.column("last_change_ms", .integer).notNull()
                t.column("last_event_id", .text).notNull()
                t.column("reminded", .boolean).notNull().defaults(to: false)
            }
            try db.create(index: "email_open_carts", on: "email_carts", columns: ["partition", "status", "reminded", "last_change_ms"])
            try db.create(table: "notifications") { t in
                t.primaryKey("id", .text)
                t.column("customer_id", .text).notNull().indexed()
                t.column("kind", .text).notNull()
                t.column("recipient", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("html_body", .text).notNull()
                t.column("caused_by_event_id", .text).notNull()
                t.column("message_id", .text).notNull()
                t.column("created_at_ms", .integer).notNull()
                t.column("status", .text).notNull().defaults(to: "pending")
            }
        }
    }

    public var checksumQueries: [String] {
        [
            "SELECT * FROM email_carts ORDER BY cart_id",
            // `status` is the sender's, not the model's.
            "SELECT id, customer_id, kind, recipient, subject, html_body, caused_by_event_id, message_id, created_at_ms FROM notifications ORDER BY id",
        ]
    }

    public func apply(_ event: AppliedEvent<CartEvent>, in db: Database) throws {
        let envelope = event.envelope
        let at = envelope.occurredAt.millisecondsSince1970
        let cartID = envelope.streamID
        let eventID = envelope.eventID.uuidString
        switch envelope.payload {
        case .created(let created):
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO email_carts (cart_id, partition, customer_id, email, status, last_change_ms, last_event_id)
                    VALUES (?, ?, ?, ?, 'open', ?, ?)
                    """,
                arguments: [cartID, event.partition.partition, created.customerID, created.customerEmail, at, eventID])
        case .itemAdded, .itemQuantityChanged, .itemRemoved:
            try db.execute(
                sql: "UPDATE email_carts SET last_change_ms = ?, last_event_id = ? WHERE cart_id = ? AND status = 'open'",
                arguments: [at, eventID, cartID])
        case .abandoned:
            try db.execute(sql: "UPDATE email_carts SET status = 'abandoned' WHERE cart_id = ?", arguments: [cartID])
        case .checkedOut(let checkout):
            try db.execute(sql: "UPDATE email_carts SET status = 'checked_out' WHERE cart_id = ?", arguments: [cartID])
            if let cart = try Row.fetchOne(db, sql: "SELECT customer_id, email FROM email_carts WHERE cart_id = ?", arguments: [cartID]) {
                let email: String = cart["email"]
                try notify(
                    db, kind: "order_confirmation", causedBy: eventID, customer: cart["customer_id"], recipient: email,
                    subject: "Your order \(cartID)", body: templates.confirmation(cartID: cartID, email: email, checkout: checkout), at: at)
            }
        }
        try sweepReminders(db, partition: event.partition.partition, now: at, except: cartID)
    }

    private func sweepReminders(_ db: Database, partition: Int32, now: Int64, except cartID: String) throws {
        let due = try Row.fetchAll(
            db,
            sql: """
                SELECT cart_id, customer_id, email, last_event_id FROM email_carts
                WHERE partition = ? AND status = 'open' AND reminded = 0 AND last_change_ms <= ? AND cart_id != ?
                ORDER BY cart_id
                """,
            arguments: [partition, now - reminderAfterSeconds * 1000, cartID])
        for cart in due {
            let id: String = cart["cart_id"]
            let email: String = cart["email"]
            try notify(
                db, kind: "cart_reminder", causedBy: cart["last_event_id"], customer: cart["customer_id"], recipient: email,
                subject: "Your cart is waiting", body: templates.reminder(cartID: id, email: email), at: now)
            try db.execute(sql: "UPDATE email_carts SET reminded = 1 WHERE cart_id = ?", arguments: [id])
        }
    }

    private func notify(
        _ db: Database, kind: String, causedBy eventID: String, customer: String, recipient: String, subject: String, body: String,
        at: Int64
    ) throws {
        let id = "\(eventID)/\(kind)"
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO notifications (id, customer_id, kind, recipient, subject, html_body, caused_by_event_id, message_id, created_at_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [id, customer, kind, recipient, subject, body, eventID, Self.messageID(eventID: eventID, kind: kind), at])
    }

    /// The Message-ID of a notification: derived from the causing event, so a resend is recognisable.
    public static func messageID(eventID: String, kind: String) -> String {
        "<\(kind).\(eventID.lowercased())@cartstream.email>"
    }
}
