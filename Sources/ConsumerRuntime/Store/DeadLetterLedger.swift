import GRDB

/// The runtime's record of dead letters and their re-drives, in the read model's database.
///
/// - `consumer_dead_letters`: every record this database's consumption dead-lettered (topic,
///   partition, offset, reason), written in the batch's transaction. Only these may be re-driven:
///   a record that was applied normally is refused, so a re-drive can never apply it twice.
/// - `consumer_redriven`: every record a re-drive applied, written in the re-drive's transaction.
///   A second re-drive of the same record finds it here and applies nothing.
///
/// A replay builds a fresh database: its dead letters are recorded anew and its re-drive ledger
/// starts empty (the rebuilt model does not contain the earlier re-drives).
enum DeadLetterLedger {
    static let deadLettersTable = "consumer_dead_letters"
    static let redrivenTable = "consumer_redriven"

    static func registerMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("consumer-runtime-v2-dead-letters") { db in
            try db.create(table: deadLettersTable) { t in
                t.column("topic", .text).notNull()
                t.column("partition", .integer).notNull()
                t.column("offset", .integer).notNull()
                t.column("reason", .text).notNull()
                t.primaryKey(["topic", "partition", "offset"])
            }
            try db.create(table: redrivenTable) { t in
                t.column("topic", .text).notNull()
                t.column("partition", .integer).notNull()
                t.column("offset", .integer).notNull()
                t.column("event_id", .text).notNull()
                t.column("redriven_at", .text).notNull()
                t.primaryKey(["topic", "partition", "offset"])
            }
        }
    }

    /// Records a dead-lettered record (inside the batch's transaction; a redelivery is a no-op).
    static func recordDeadLetter(topic: String, partition: Int32, offset: Int64, reason: String, in db: Database) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO \(deadLettersTable) (topic, partition, offset, reason) VALUES (?, ?, ?, ?)",
            arguments: [topic, partition, offset, reason])
    }

    static func wasDeadLettered(topic: String, partition: Int32, offset: Int64, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT 1 FROM \(deadLettersTable) WHERE topic = ? AND partition = ? AND offset = ?",
            arguments: [topic, partition, offset]) ?? false
    }

    static func wasRedriven(topic: String, partition: Int32, offset: Int64, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT 1 FROM \(redrivenTable) WHERE topic = ? AND partition = ? AND offset = ?",
            arguments: [topic, partition, offset]) ?? false
    }

    static func recordRedrive(topic: String, partition: Int32, offset: Int64, eventID: String, at time: String, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO \(redrivenTable) (topic, partition, offset, event_id, redriven_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [topic, partition, offset, eventID, time])
    }
}
