import Kafka

/// One dead letter as `cartctl dlq` shows it: a record a service could not decode (its
/// `dlq_*` headers), folded with the resolution records appended after it on the DLQ topic.
///
/// A dead letter is identified by the service and the source position; further copies of it
/// (the DLQ is at-least-once) count in `copies`. Field names are those of `--output json`.
struct DeadLetter: Encodable {
    /// open: nobody acted on it; discarded: `dlq discard`; redriven: `dlq redrive` applied it.
    enum Status: String, Encodable, CaseIterable {
        case open, discarded, redriven
    }

    /// The resolution record that closed a dead letter.
    struct Resolution: Encodable {
        /// `discarded` or `redriven`.
        var action: String
        /// Why (the operator's `--reason` for a discard; the service's outcome for a re-drive).
        var reason: String
        /// Who (`--by`, default `$USER@host`).
        var by: String
        /// When (RFC 3339).
        var at: String
        var dlqPartition: Int32
        var dlqOffset: Int64
    }

    var dlqTopic: String
    /// Where the (first copy of the) dead letter is on the DLQ topic.
    var dlqPartition: Int32
    var dlqOffset: Int64
    /// How many dead-letter records the DLQ holds for it (more than 1 after a redelivery).
    var copies: Int
    /// The service that could not decode it (`dlq_service`).
    var service: String
    /// The decoding error's reason code (`dlq_reason`), e.g. `unknown_event_type`.
    var reason: String
    /// The decoding error in words (`dlq_detail`).
    var detail: String
    var sourceTopic: String
    var sourcePartition: Int32
    var sourceOffset: Int64
    /// When the service dead-lettered it (`dlq_failed_at`).
    var failedAt: String
    /// The record key (the cart id), `null` when absent or not UTF-8.
    var key: String?
    /// The record's `ce_type` header, `null` when absent.
    var eventType: String?
    var status: Status
    /// `null` while open.
    var resolution: Resolution?
    /// The first dead-letter record itself (not encoded).
    var message: KafkaMessage

    /// `service topic/partition/offset` of the source record: the identity of a dead letter.
    var identity: String {
        Self.identity(service: service, sourceTopic: sourceTopic, sourcePartition: sourcePartition, sourceOffset: sourceOffset)
    }

    static func identity(service: String, sourceTopic: String, sourcePartition: Int32, sourceOffset: Int64) -> String {
        "\(service) \(sourceTopic)/\(sourcePartition)/\(sourceOffset)"
    }

    private enum CodingKeys: String, CodingKey {
        case dlqTopic, dlqPartition, dlqOffset, copies, service, reason, detail, sourceTopic, sourcePartition, sourceOffset, failedAt, key
        case eventType, status, resolution
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dlqTopic, forKey: .dlqTopic)
        try container.encode(dlqPartition, forKey: .dlqPartition)
        try container.encode(dlqOffset, forKey: .dlqOffset)
        try container.encode(copies, forKey: .copies)
        try container.encode(service, forKey: .service)
        try container.encode(reason, forKey: .reason)
        try container.encode(detail, forKey: .detail)
        try container.encode(sourceTopic, forKey: .sourceTopic)
        try container.encode(sourcePartition, forKey: .sourcePartition)
        try container.encode(sourceOffset, forKey: .sourceOffset)
        try container.encode(failedAt, forKey: .failedAt)
        try container.encode(key, forKey: .key)
        try container.encode(eventType, forKey: .eventType)
        try container.encode(status, forKey: .status)
        try container.encode(resolution, forKey: .resolution)
    }
}

/// `dlq show --output json`: a record of the DLQ topic with all its headers and its value.
struct DeadLetterRecordView: Encodable {
    struct Header: Encodable {
        var name: String
        /// The value as UTF-8 text, `null` when absent.
        var value: String?
    }
    var dlqTopic: String
    var dlqPartition: Int32
    var dlqOffset: Int64
    var key: String?
    var headers: [Header]
    /// The value as UTF-8 text (the original record's value for a dead letter).
    var value: String
    /// The folded dead letter when the record is one (`null` for a resolution record).
    var deadLetter: DeadLetter?

    init(_ message: KafkaMessage, deadLetter: DeadLetter?) {
        dlqTopic = message.topic
        dlqPartition = message.partition
        dlqOffset = message.offset
        key = message.keyString
        headers = message.headers.map { Header(name: $0.name, value: $0.stringValue) }
        value = String(decoding: message.value, as: UTF8.self)
        self.deadLetter = deadLetter
    }

    private enum CodingKeys: String, CodingKey { case dlqTopic, dlqPartition, dlqOffset, key, headers, value, deadLetter }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dlqTopic, forKey: .dlqTopic)
        try container.encode(dlqPartition, forKey: .dlqPartition)
        try container.encode(dlqOffset, forKey: .dlqOffset)
        try container.encode(key, forKey: .key)
        try container.encode(headers, forKey: .headers)
        try container.encode(value, forKey: .value)
        try container.encode(deadLetter, forKey: .deadLetter)
    }
}
