/// One record header: a name and an optional binary value.
public struct KafkaHeader: Sendable, Hashable {
    /// The header's name, such as `ce_type`.
    public var name: String
    /// The header's value; `nil` is a header with a null value.
    public var value: [UInt8]?

    /// Creates a header with a binary value.
    /// - Parameters:
    ///   - name: the header name.
    ///   - value: the value bytes, or `nil`.
    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    /// Creates a header with a UTF-8 string value.
    /// - Parameters:
    ///   - name: the header name.
    ///   - string: the value, stored as UTF-8.
    public init(name: String, string: String) {
        self.name = name
        self.value = Array(string.utf8)
    }

    /// The value decoded as UTF-8, if it is valid UTF-8.
    public var stringValue: String? {
        value.flatMap { String(validating: $0, as: UTF8.self) }
    }
}

extension Array where Element == KafkaHeader {
    /// The UTF-8 value of the last header named `name`.
    public func string(_ name: String) -> String? {
        last { $0.name == name }?.stringValue
    }
}
