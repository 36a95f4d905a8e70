public import Foundation

/// Where a replay starts.
public enum ReplayPlan: Sendable, Equatable, Codable {
    /// Every partition from its first record.
    case beginning
    /// Listed partitions from these offsets, the others from the beginning.
    case offsets([Int32: Int64])
    /// Every partition from its first record at or after this time.
    case timestamp(Date)

    private enum CodingKeys: String, CodingKey { case from, offsets, timestamp }

    /// Decodes `{"from":"beginning"}`, `{"from":"offsets","offsets":{"0":12}}` or
    /// `{"from":"timestamp","timestamp":"2026-01-01T00:00:00Z"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .from) {
        case "beginning": self = .beginning
        case "offsets":
            let raw = try container.decode([String: Int64].self, forKey: .offsets)
            var offsets: [Int32: Int64] = [:]
            for (key, value) in raw {
                guard let partition = Int32(key), value >= 0 else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .offsets, in: container, debugDescription: "partition '\(key)' or offset \(value) invalid")
                }
                offsets[partition] = value
            }
            self = .offsets(offsets)
        case "timestamp":
            let text = try container.decode(String.self, forKey: .timestamp)
            guard let date = Self.parseRFC3339(text) else {
                throw DecodingError.dataCorruptedError(forKey: .timestamp, in: container, debugDescription: "'\(text)' is not RFC 3339")
            }
            self = .timestamp(date)
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .from, in: container, debugDescription: "'\(other)' is not beginning, offsets or timestamp")
        }
    }

    /// Encodes in the request format.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .beginning: try container.encode("beginning", forKey: .from)
        case .offsets(let offsets):
            try container.encode("offsets", forKey: .from)
            try container.encode(Dictionary(uniqueKeysWithValues: offsets.map { (String($0.key), $0.value) }), forKey: .offsets)
        case .timestamp(let date):
            try container.encode("timestamp", forKey: .from)
            try container.encode(ISO8601DateFormatter().string(from: date), forKey: .timestamp)
        }
    }

    /// Parses RFC 3339 with or without fractional seconds.
    public static func parseRFC3339(_ text: String) -> Date? {
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
