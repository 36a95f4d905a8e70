public import EventSourcing
public import GRDB
public import Kafka

/// A read model kept by a ``ConsumerRuntime``: its tables, how one event changes them,
/// and which rows define it (for checksums that compare replays with live consumption).
public protocol ReadModel: Sendable {
    /// The event family the model reads.
    associatedtype Registry: EventRegistry

    /// Registers the model's tables as named, append-only migrations.
    /// - Parameter migrator: the migrator of the model's database.
    func registerMigrations(_ migrator: inout DatabaseMigrator)

    /// Applies one event inside the batch's write transaction (the runtime records the offset
    /// in the same transaction). Throwing rolls the whole batch back; it is retried.
    /// - Parameters:
    ///   - event: the decoded event with where it came from.
    ///   - db: the open write transaction.
    func apply(_ event: AppliedEvent<Registry.Event>, in db: Database) throws

    /// `SELECT` statements, each with a total `ORDER BY`, whose rows make up the model.
    /// Columns that change outside event application (delivery status) must be left out.
    var checksumQueries: [String] { get }

    /// Tables copied from the live database into a replay's fresh database before the replay
    /// starts: assignments that must survive a rebuild, such as invoice numbers already issued.
    /// They are not part of the checksum. Default: none.
    var carriedOverTables: [String] { get }
}

extension ReadModel {
    /// No carried-over tables.
    public var carriedOverTables: [String] { [] }
}

/// An event about to be applied, with its position in the log.
public struct AppliedEvent<Event: Sendable>: Sendable {
    /// The decoded event.
    public var envelope: EventEnvelope<Event>
    /// The partition it was read from.
    public var partition: TopicPartition
    /// Its offset.
    public var offset: Int64
    /// Whether events of its stream are missing before it (it is applied anyway).
    public var followsGap: Bool

    /// Creates an applied event.
    /// - Parameters:
    ///   - envelope: the event.
    ///   - partition: its partition.
    ///   - offset: its offset.
    ///   - followsGap: whether a sequence gap precedes it.
    public init(envelope: EventEnvelope<Event>, partition: TopicPartition, offset: Int64, followsGap: Bool = false) {
        self.envelope = envelope
        self.partition = partition
        self.offset = offset
        self.followsGap = followsGap
    }
}
