import EventSourcing

/// `cartctl history <cart> --output json`: the cart's audit trail.
struct HistoryTrail: Encodable {
    struct Event: Encodable {
        var sequence: Int64
        var eventId: String
        var type: String
        var schemaVersion: Int
        /// RFC 3339 event time (`ce_time`).
        var occurredAt: String
        var actor: String
        var partition: Int32
        var offset: Int64
        /// One readable line, as the text output shows it.
        var summary: String
        /// The event's payload (the record value) in its current schema version.
        var data: JSONValue
    }
    var cartId: String
    var topic: String
    var partition: Int32
    var events: [Event]
}

/// `cartctl history <cart> --as-of X --output json`: the cart's state at a sequence or time.
struct HistoryState: Encodable {
    struct Line: Encodable {
        var sku: String
        var name: String
        var quantity: Int
        var unitPriceMinor: Int64
        var lineTotalMinor: Int64?
    }
    var cartId: String
    /// The `--as-of` value as given.
    var asOf: String
    /// The status, as CartStatus names it (`none`, `open`, `checkedOut`, `abandoned` …).
    var status: String
    /// The last applied sequence.
    var version: Int64
    /// ISO 4217 code, `null` before creation.
    var currency: String?
    var customerId: String?
    var lines: [Line]
    var subtotalMinor: Int64?

    private enum CodingKeys: String, CodingKey { case cartId, asOf, status, version, currency, customerId, lines, subtotalMinor }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cartId, forKey: .cartId)
        try container.encode(asOf, forKey: .asOf)
        try container.encode(status, forKey: .status)
        try container.encode(version, forKey: .version)
        try container.encode(currency, forKey: .currency)
        try container.encode(customerId, forKey: .customerId)
        try container.encode(lines, forKey: .lines)
        try container.encode(subtotalMinor, forKey: .subtotalMinor)
    }
}
