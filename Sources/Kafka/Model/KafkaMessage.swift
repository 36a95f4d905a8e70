public import struct Foundation.Date

/// A record read from a topic.
public struct KafkaMessage: Sendable, Hashable {
    /// The topic it was read from.
    public var topic: String
    /// The partition it was read from.
    public var partition: Int32
    /// Its offset in the partition.
    public var offset: Int64
    /// The key bytes, if any.
    public var key: [UInt8]?
    /// The value bytes (empty for a null value).
    public var value: [UInt8]
    /// The record headers, in order.
    public var headers: [KafkaHeader]
    /// The record timestamp in milliseconds since 1970, if the broker reported one.
    public var timestampMilliseconds: Int64?

    /// Creates a message value (for tests and tools).
    /// - Parameters:
    ///   - topic: topic name.
    ///   - partition: partition number.
    ///   - offset: offset in the partition.
    ///   - key: key bytes.
    ///   - value: value bytes.
    ///   - headers: headers.
    ///   - timestampMilliseconds: timestamp in ms since 1970.
    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8],
        headers: [KafkaHeader] = [], timestampMilliseconds: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// The partition this message came from.
    public var topicPartition: TopicPartition { TopicPartition(topic, partition) }

    /// The key decoded as UTF-8.
    public var keyString: String? { key.flatMap { String(validating: $0, as: UTF8.self) } }

    /// The value decoded as UTF-8.
    public var valueString: String? { String(validating: value, as: UTF8.self) }

    /// The timestamp as a `Date`.
    public var timestamp: Date? {
        timestampMilliseconds.map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }
}
