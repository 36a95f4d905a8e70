import Foundation

/// A JSON document as a value, used to transform payloads between schema
/// versions without knowing their Swift types.
///
/// Integers are kept exact in `.integer` (money is in minor units and must
/// never pass through a `Double`); only numbers with a fraction or exponent
/// that do not fit an `Int64` become `.double`.
public enum JSONValue: Sendable, Equatable, Hashable, Codable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number that is an exact 64-bit integer.
    case integer(Int64)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; key order is irrelevant (encoding sorts keys).
    case object([String: JSONValue])

    /// Decodes any JSON value.
    /// - Parameter decoder: the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .integer(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else if let o = try? c.decode([String: JSONValue].self) {
            self = .object(o)
        } else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a JSON value")
        }
    }

    /// Encodes the value.
    /// - Parameter encoder: the encoder.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .integer(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// The member `key` of an object, `nil` for missing keys and non-objects.
    public subscript(key: String) -> JSONValue? {
        get { if case .object(let o) = self { o[key] } else { nil } }
        set {
            guard case .object(var o) = self else { return }
            o[key] = newValue
            self = .object(o)
        }
    }

    /// The string, if this is a string.
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    /// The integer, if this is an exact integer.
    public var integerValue: Int64? { if case .integer(let i) = self { i } else { nil } }
}

extension JSONValue {
    /// Parses JSON bytes.
    /// - Parameter bytes: UTF-8 JSON.
    public init(jsonBytes bytes: some Collection<UInt8>) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// Converts an `Encodable` value to its JSON value.
    /// - Parameter value: the value to convert.
    public init(encoding value: some Encodable) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    /// Decodes a `Decodable` type from this value.
    /// - Parameter type: the type to decode.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(self))
    }

    /// The value as compact JSON bytes with sorted keys (deterministic output).
    public func jsonBytes() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A JSONValue contains only encodable leaves; the one failure JSONEncoder
        // knows is a non-finite Double, which JSON cannot express: emit null.
        do {
            return Array(try encoder.encode(self))
        } catch {
            return Array(try! encoder.encode(self.replacingNonFiniteNumbers()))
        }
    }

    private func replacingNonFiniteNumbers() -> JSONValue {
        switch self {
        case .double(let d) where !d.isFinite: .null
        case .array(let a): .array(a.map { $0.replacingNonFiniteNumbers() })
        case .object(let o): .object(o.mapValues { $0.replacingNonFiniteNumbers() })
        default: self
        }
    }
}
