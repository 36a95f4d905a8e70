import Foundation
import GRDB

/// The sender's durable record of every delivery attempt, in its OWN SQLite file
/// (`<DATABASE_PATH>.deliveries`). It is not part of the read model, so replays and
/// resets, which rebuild the outbox with status `pending`, never make it forget a send.
public final class DeliveryLedger: Sendable {
    /// A delivery's state.
    public enum State: String, Sendable {
        /// Recorded before the SMTP transaction; still there after a crash = outcome unknown.
        case sending
        /// The server accepted the message (250 after DATA).
        case sent
        /// Interrupted after `sending` was recorded: not resent automatically (operator decides).
        case uncertain
    }

    private let database: DatabaseQueue

    /// Opens (creating) the ledger.
    /// - Parameter path: its SQLite file.
    public init(path: String) throws {
        database = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("deliveries-v1") { db in
            try db.create(table: "deliveries") { t in
                t.primaryKey("notification_id", .text)
                t.column("message_id", .text).notNull()
                t.column("state", .text).notNull()
                t.column("attempts", .integer).notNull()
                t.column("updated_at_ms", .integer).notNull()
                t.column("detail", .text).notNull().defaults(to: "")
            }
        }
        try migrator.migrate(database)
    }

    /// The recorded state of a notification, `nil` if never attempted.
    public func state(of notificationID: String) throws -> State? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT state FROM deliveries WHERE notification_id = ?", arguments: [notificationID]).flatMap(
                State.init)
        }
    }

    /// Records `sending` (committed before the SMTP transaction starts).
    func begin(_ notificationID: String, messageID: String) throws {
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO deliveries (notification_id, message_id, state, attempts, updated_at_ms) VALUES (?, ?, 'sending', 1, ?)
                    ON CONFLICT(notification_id) DO UPDATE SET state = 'sending', attempts = attempts + 1, updated_at_ms = excluded.updated_at_ms
                    """,
                arguments: [notificationID, messageID, Date().millisecondsSince1970])
        }
    }

    /// Records the outcome.
    func finish(_ notificationID: String, _ state: State, detail: String = "") throws {
        try database.write { db in
            try db.execute(
                sql: "UPDATE deliveries SET state = ?, detail = ?, updated_at_ms = ? WHERE notification_id = ?",
                arguments: [state.rawValue, detail, Date().millisecondsSince1970, notificationID])
        }
    }

    /// Forgets an attempt the server definitely refused (before the end of DATA): it is retried.
    func forget(_ notificationID: String, detail: String) throws {
        try database.write { db in
            try db.execute(
                sql: "UPDATE deliveries SET state = 'retry', detail = ? WHERE notification_id = ?", arguments: [detail, notificationID])
        }
    }

    /// At start: every `sending` left by a crash becomes `uncertain`. Returns their ids.
    func markInterruptedAsUncertain() throws -> [String] {
        try database.write { db in
            let ids = try String.fetchAll(
                db, sql: "SELECT notification_id FROM deliveries WHERE state = 'sending' ORDER BY notification_id")
            try db.execute(
                sql:
                    "UPDATE deliveries SET state = 'uncertain', detail = 'interrupted between recording sending and recording the outcome' WHERE state = 'sending'"
            )
            return ids
        }
    }

    /// Test and tool hook: records `sending` as if a crash had happened right after it.
    public func simulateInterruptedSend(_ notificationID: String, messageID: String) throws {
        try begin(notificationID, messageID: messageID)
    }
}

extension Date {
    fileprivate var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}
