import Foundation
public import GRDB
public import Kafka
import Synchronization

/// The SQLite database of a read model: the model's tables plus the runtime's offsets and
/// per-stream sequences, in one `DatabasePool` (WAL) that a replay can swap atomically.
public final class ReadModelStore: Sendable {
    /// The database file.
    public let path: String
    private let migrator: DatabaseMigrator
    private let checksumQueries: [String]
    private let carriedOverTables: [String]
    private let current: Mutex<DatabasePool?>

    /// Opens (creating and migrating) the database at `path` for `model`.
    /// - Parameters:
    ///   - path: the SQLite file.
    ///   - model: the read model whose migrations run.
    public convenience init(path: String, model: some ReadModel) throws {
        var migrator = DatabaseMigrator()
        Self.registerRuntimeMigrations(&migrator)
        model.registerMigrations(&migrator)
        try self.init(path: path, migrator: migrator, checksumQueries: model.checksumQueries, carriedOverTables: model.carriedOverTables)
    }

    init(path: String, migrator: DatabaseMigrator, checksumQueries: [String], carriedOverTables: [String]) throws {
        self.path = path
        self.migrator = migrator
        self.checksumQueries = checksumQueries
        self.carriedOverTables = carriedOverTables
        self.current = Mutex(try Self.open(path: path, migrator: migrator))
    }

    /// The live database; fails with ``ConsumerError/databaseUnavailable`` during a swap.
    public var database: DatabasePool {
        get throws(ConsumerError) {
            guard let pool = current.withLock({ $0 }) else { throw ConsumerError.databaseUnavailable(path) }
            return pool
        }
    }

    /// The stored offsets, per partition of `topic`.
    /// - Parameter topic: the events topic.
    public func checkpoints(topic: String) throws -> [TopicPartition: OffsetCheckpoint] {
        try database.read { db in
            try OffsetCheckpoint.filter(Column("topic") == topic).fetchAll(db)
        }.reduce(into: [:]) { $0[$1.topicPartition] = $1 }
    }

    /// A deterministic checksum of the model's tables (offsets and sequences excluded).
    public func checksum() throws -> String {
        let queries = checksumQueries
        return try database.read { db in try ReadModelChecksum.compute(queries: queries, in: db) }
    }

    /// Replaces the live database by the file at `replacementPath` (a finished replay):
    /// both are checkpointed and closed, the old WAL files removed, and the file renamed
    /// over ``path`` (atomic). Queries fail only during the rename.
    /// - Parameter replacement: the replay's store; it is closed by this call.
    public func replace(with replacement: ReadModelStore) throws {
        try replacement.closeForMove()
        try current.withLock { pool in
            if let old = pool {
                _ = try old.writeWithoutTransaction { try $0.checkpoint(.truncate) }
                try old.close()
                pool = nil
            }
            Self.removeSidecars(of: path)
            guard rename(replacement.path, path) == 0 else {
                throw ConsumerError.swapFailed(path: path, reason: String(cString: strerror(errno)))
            }
            pool = try Self.open(path: path, migrator: migrator)
        }
    }

    /// Drops every table: deletes the file and starts an empty, migrated database.
    public func reset() throws {
        try current.withLock { pool in
            try pool?.close()
            pool = nil
            Self.remove(path: path)
            pool = try Self.open(path: path, migrator: migrator)
        }
    }

    /// Closes the database (a scratch copy before it is moved or deleted).
    public func close() throws {
        try current.withLock { pool in
            try pool?.close()
            pool = nil
        }
    }

    /// Closes and deletes the file (scratch databases of time travel).
    public func destroy() {
        try? close()
        Self.remove(path: path)
    }

    private func closeForMove() throws {
        try current.withLock { pool in
            _ = try pool?.writeWithoutTransaction { try $0.checkpoint(.truncate) }
            try pool?.close()
            pool = nil
        }
        Self.removeSidecars(of: path)
    }

    /// A fresh, migrated store at `path` with the same schema (the file is replaced if it exists).
    /// - Parameter path: the new file.
    /// The model's carried-over tables are copied from this (live) database.
    func emptySibling(at path: String) throws -> ReadModelStore {
        Self.remove(path: path)
        let sibling = try ReadModelStore(
            path: path, migrator: migrator, checksumQueries: checksumQueries, carriedOverTables: carriedOverTables)
        guard !carriedOverTables.isEmpty else { return sibling }
        let livePath = self.path
        let tables = carriedOverTables
        try sibling.database.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS live", arguments: [livePath])
            defer { try? db.execute(sql: "DETACH DATABASE live") }
            try db.inTransaction {
                for table in tables { try db.execute(sql: "INSERT INTO main.\(table) SELECT * FROM live.\(table)") }
                return .commit
            }
        }
        return sibling
    }

    private static func open(path: String, migrator: DatabaseMigrator) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let pool = try DatabasePool(path: path, configuration: configuration)
        try migrator.migrate(pool)
        return pool
    }

    static func remove(path: String) {
        unlink(path)
        removeSidecars(of: path)
    }

    private static func removeSidecars(of path: String) {
        unlink(path + "-wal")
        unlink(path + "-shm")
    }

    static func registerRuntimeMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("consumer-runtime-v1") { db in
            try db.create(table: OffsetCheckpoint.databaseTableName) { t in
                t.column("topic", .text).notNull()
                t.column("partition", .integer).notNull()
                t.column("next_offset", .integer).notNull()
                t.column("last_event_id", .text).notNull()
                t.primaryKey(["topic", "partition"])
            }
            try db.create(table: "consumer_stream_sequences") { t in
                t.primaryKey("stream_id", .text)
                t.column("last_sequence", .integer).notNull()
            }
            try db.create(table: "consumer_sequence_gaps") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("stream_id", .text).notNull()
                t.column("expected", .integer).notNull()
                t.column("got", .integer).notNull()
                t.column("event_id", .text).notNull()
                t.column("partition", .integer).notNull()
                t.column("offset", .integer).notNull()
            }
        }
        DeadLetterLedger.registerMigration(&migrator)
    }
}
