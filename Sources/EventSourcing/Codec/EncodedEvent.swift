/// An event as a transport-neutral record: a key, a value and ordered headers.
///
/// A higher layer maps it one-to-one onto a Kafka record (key, value, headers,
/// timestamp); nothing here depends on Kafka.
public struct EncodedEvent: Sendable, Equatable {
    /// The record key: the stream (cart) id, so one stream stays in one partition.
    public var key: String
    /// The payload as UTF-8 JSON with sorted keys.
    public var value: [UInt8]
    /// Headers in order; names may repeat (the last occurrence wins on decode).
    public var headers: [(name: String, value: String)]
    /// The record timestamp: the event's `occurredAt` in epoch milliseconds.
    public var timestampMilliseconds: Int64

    /// Creates a record.
    /// - Parameters:
    ///   - key: the record key.
    ///   - value: the record value.
    ///   - headers: the ordered headers.
    ///   - timestampMilliseconds: the record timestamp.
    public init(key: String, value: [UInt8], headers: [(name: String, value: String)], timestampMilliseconds: Int64) {
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// The value of the last header called `name`, `nil` when absent.
    /// - Parameter name: the header name.
    public func header(_ name: String) -> String? {
        headers.last { $0.name == name }?.value
    }

    /// Compares key, value, headers (in order) and timestamp.
    public static func == (lhs: EncodedEvent, rhs: EncodedEvent) -> Bool {
        lhs.key == rhs.key && lhs.value == rhs.value
            && lhs.timestampMilliseconds == rhs.timestampMilliseconds
            && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}
