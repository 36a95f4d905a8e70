public import GRDB
public import Kafka

/// The last applied position of one partition, stored in the read model's own transaction.
public struct OffsetCheckpoint: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    /// The table name.
    public static let databaseTableName = "consumer_offsets"
    /// The topic.
    public var topic: String
    /// The partition number.
    public var partition: Int32
    /// The offset of the next record to read (last applied + 1).
    public var nextOffset: Int64
    /// `ce_id` of the record at `nextOffset - 1`: detects a topic that was recreated.
    public var lastEventID: String

    /// Creates a checkpoint.
    /// - Parameters:
    ///   - topic: topic.
    ///   - partition: partition.
    ///   - nextOffset: next offset to read.
    ///   - lastEventID: fingerprint of the last applied record.
    public init(topic: String, partition: Int32, nextOffset: Int64, lastEventID: String) {
        self.topic = topic
        self.partition = partition
        self.nextOffset = nextOffset
        self.lastEventID = lastEventID
    }

    /// The partition as a Kafka value.
    public var topicPartition: TopicPartition { TopicPartition(topic, partition) }

    enum CodingKeys: String, CodingKey {
        case topic, partition
        case nextOffset = "next_offset"
        case lastEventID = "last_event_id"
    }
}
