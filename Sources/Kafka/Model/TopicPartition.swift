import CRdKafka

/// A partition of a topic.
public struct TopicPartition: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// The topic name.
    public var topic: String
    /// The partition number, from 0.
    public var partition: Int32

    /// Creates a topic-partition.
    /// - Parameters:
    ///   - topic: the topic name.
    ///   - partition: the partition number.
    public init(_ topic: String, _ partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)[\(partition)]" }

    public static func < (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }
}

/// A position in a partition: a concrete offset or a logical one.
public enum KafkaOffset: Sendable, Hashable, CustomStringConvertible {
    /// The first offset still in the log.
    case beginning
    /// The offset after the last message: only new messages are read.
    case end
    /// The group's committed offset (falling back to `auto.offset.reset`).
    case stored
    /// A concrete offset.
    case offset(Int64)

    /// librdkafka's encoding of this offset.
    var rawValue: Int64 {
        switch self {
        case .beginning: Int64(RD_KAFKA_OFFSET_BEGINNING)
        case .end: Int64(RD_KAFKA_OFFSET_END)
        case .stored: Int64(RD_KAFKA_OFFSET_STORED)
        case .offset(let value): value
        }
    }

    /// Decodes librdkafka's offset encoding; `nil` for `RD_KAFKA_OFFSET_INVALID`.
    init?(rawValue: Int64) {
        switch rawValue {
        case Int64(RD_KAFKA_OFFSET_BEGINNING): self = .beginning
        case Int64(RD_KAFKA_OFFSET_END): self = .end
        case Int64(RD_KAFKA_OFFSET_STORED): self = .stored
        case Int64(RD_KAFKA_OFFSET_INVALID): return nil
        default: self = .offset(rawValue)
        }
    }

    public var description: String {
        switch self {
        case .beginning: "beginning"
        case .end: "end"
        case .stored: "stored"
        case .offset(let value): String(value)
        }
    }
}

/// A partition with an offset, as committed, assigned or sought.
public struct TopicPartitionOffset: Sendable, Hashable, CustomStringConvertible {
    /// The partition.
    public var topicPartition: TopicPartition
    /// The offset; for commits this is the offset of the next message to read.
    public var offset: KafkaOffset

    /// Creates a partition-offset pair.
    /// - Parameters:
    ///   - topicPartition: the partition.
    ///   - offset: the offset.
    public init(_ topicPartition: TopicPartition, _ offset: KafkaOffset) {
        self.topicPartition = topicPartition
        self.offset = offset
    }

    public var description: String { "\(topicPartition)@\(offset)" }
}
