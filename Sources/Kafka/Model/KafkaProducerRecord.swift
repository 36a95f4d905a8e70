import struct Foundation.Date

/// A record to produce.
public struct KafkaProducerRecord: Sendable, Hashable {
    /// The destination topic.
    public var topic: String
    /// An explicit partition, or `nil` to let the partitioner choose from the key.
    public var partition: Int32?
    /// The key; records with the same key go to the same partition.
    public var key: [UInt8]?
    /// The value bytes.
    public var value: [UInt8]
    /// Headers, in order.
    public var headers: [KafkaHeader]
    /// The record timestamp in milliseconds since 1970; `nil` lets librdkafka use the current time.
    public var timestampMilliseconds: Int64?

    /// Creates a record from bytes.
    /// - Parameters:
    ///   - topic: destination topic.
    ///   - partition: explicit partition or `nil`.
    ///   - key: key bytes.
    ///   - value: value bytes.
    ///   - headers: headers.
    ///   - timestampMilliseconds: timestamp, or `nil` for now.
    public init(
        topic: String, partition: Int32? = nil, key: [UInt8]? = nil, value: [UInt8],
        headers: [KafkaHeader] = [], timestampMilliseconds: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// Creates a record with a UTF-8 key and value.
    /// - Parameters:
    ///   - topic: destination topic.
    ///   - key: key string.
    ///   - value: value string.
    ///   - headers: headers.
    public init(topic: String, key: String?, value: String, headers: [KafkaHeader] = []) {
        self.init(topic: topic, key: key.map { Array($0.utf8) }, value: Array(value.utf8), headers: headers)
    }
}

/// The broker's acknowledgement of one produced record.
public struct DeliveryReport: Sendable, Hashable {
    /// The topic written to.
    public var topic: String
    /// The partition written to.
    public var partition: Int32
    /// The offset the record got.
    public var offset: Int64
    /// The record's timestamp in milliseconds since 1970, as stored.
    public var timestampMilliseconds: Int64?

    /// Creates a report (used by the client and tests).
    /// - Parameters:
    ///   - topic: topic.
    ///   - partition: partition.
    ///   - offset: offset.
    ///   - timestampMilliseconds: timestamp.
    public init(topic: String, partition: Int32, offset: Int64, timestampMilliseconds: Int64?) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// The record's timestamp as a `Date`.
    public var timestamp: Date? {
        timestampMilliseconds.map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }
}
