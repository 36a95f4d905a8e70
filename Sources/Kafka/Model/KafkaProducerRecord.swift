public import struct Foundation.Date

/// A record to produce.
///
/// A value type like any other; its storage is laid out for the produce hot path. Headers
/// and the timestamp, which high-volume records mostly leave out, share one small box that
/// is `nil` when both are unset. With at most five stored properties the optimiser passes a
/// record built at the call site (`enqueue(KafkaProducerRecord(...))`) straight through,
/// without copying it and retaining its arrays again for every message; with six or more it
/// does not (measured on Swift 6.3: see Benchmarks/README.md).
public struct KafkaProducerRecord: Sendable {
    /// The destination topic.
    public var topic: String
    /// An explicit partition, or `nil` to let the partitioner choose from the key.
    public var partition: Int32?
    /// The key; records with the same key go to the same partition.
    public var key: [UInt8]?
    /// The value bytes.
    public var value: [UInt8]
    /// Headers and timestamp; `nil` when there are no headers and no timestamp.
    @usableFromInline var extras: Extras?

    /// Headers, in order.
    public var headers: [KafkaHeader] {
        get { extras?.headers ?? [] }
        set { extras = Extras.make(headers: newValue, timestampMilliseconds: extras?.timestampMilliseconds) }
    }

    /// The record timestamp in milliseconds since 1970; `nil` lets librdkafka use the current time.
    public var timestampMilliseconds: Int64? {
        get { extras?.timestampMilliseconds }
        set { extras = Extras.make(headers: extras?.headers ?? [], timestampMilliseconds: newValue) }
    }

    /// Creates a record without headers or timestamp (librdkafka stamps it with the current time).
    /// - Parameters:
    ///   - topic: destination topic.
    ///   - partition: explicit partition or `nil`.
    ///   - key: key bytes.
    ///   - value: value bytes.
    @inlinable
    public init(topic: String, partition: Int32? = nil, key: [UInt8]? = nil, value: [UInt8]) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.extras = nil
    }

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
        self.init(topic: topic, partition: partition, key: key, value: value)
        self.extras = Extras.make(headers: headers, timestampMilliseconds: timestampMilliseconds)
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

    /// The rarely set part of a record; immutable, so copies of a record share it safely.
    @usableFromInline
    final class Extras: Sendable {
        let headers: [KafkaHeader]
        let timestampMilliseconds: Int64?

        private init(headers: [KafkaHeader], timestampMilliseconds: Int64?) {
            self.headers = headers
            self.timestampMilliseconds = timestampMilliseconds
        }

        /// `nil` for no headers and no timestamp, so equal records store equal extras.
        static func make(headers: [KafkaHeader], timestampMilliseconds: Int64?) -> Extras? {
            headers.isEmpty && timestampMilliseconds == nil ? nil : Extras(headers: headers, timestampMilliseconds: timestampMilliseconds)
        }
    }
}

extension KafkaProducerRecord: Hashable {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.topic == rhs.topic && lhs.partition == rhs.partition && lhs.key == rhs.key && lhs.value == rhs.value
            && lhs.headers == rhs.headers && lhs.timestampMilliseconds == rhs.timestampMilliseconds
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(topic)
        hasher.combine(partition)
        hasher.combine(key)
        hasher.combine(value)
        hasher.combine(headers)
        hasher.combine(timestampMilliseconds)
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
