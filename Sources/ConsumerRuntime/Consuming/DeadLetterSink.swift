public import EventSourcing
public import Foundation
public import Kafka

/// Sends undecodable records to the dead-letter topic: key, value and headers unchanged,
/// plus `dlq_*` headers saying why and where from. A send returns only once every record
/// is acknowledged, so their offsets may then be recorded as applied.
public struct DeadLetterSink: Sendable {
    /// The producer used.
    public let producer: KafkaProducer
    /// The dead-letter topic.
    public let topic: String
    /// The `dlq_service` value.
    public let serviceName: String

    /// Creates a sink.
    /// - Parameters:
    ///   - producer: an (idempotent) producer.
    ///   - topic: the dead-letter topic.
    ///   - serviceName: the consuming service.
    public init(producer: KafkaProducer, topic: String, serviceName: String) {
        self.producer = producer
        self.topic = topic
        self.serviceName = serviceName
    }

    /// The dead-letter record of `message`.
    /// - Parameters:
    ///   - message: the record that failed.
    ///   - error: why.
    ///   - failedAt: when.
    public func record(for message: KafkaMessage, error: EventDecodingError, failedAt: Date = Date()) -> KafkaProducerRecord {
        let extra = [
            KafkaHeader(name: "dlq_reason", string: error.reasonCode),
            KafkaHeader(name: "dlq_detail", string: error.description),
            KafkaHeader(name: "dlq_source_topic", string: message.topic),
            KafkaHeader(name: "dlq_source_partition", string: String(message.partition)),
            KafkaHeader(name: "dlq_source_offset", string: String(message.offset)),
            KafkaHeader(name: "dlq_service", string: serviceName),
            KafkaHeader(name: "dlq_failed_at", string: ISO8601DateFormatter().string(from: failedAt)),
        ]
        return KafkaProducerRecord(
            topic: topic, key: message.key, value: message.value, headers: message.headers + extra,
            timestampMilliseconds: message.timestampMilliseconds)
    }

    /// Sends and waits for every acknowledgement.
    /// - Parameter failures: records with their decoding errors.
    /// - Throws: ``ConsumerError/deadLetterFailed(_:)`` when any send fails.
    func send(_ failures: [(KafkaMessage, EventDecodingError)]) async throws {
        guard !failures.isEmpty else { return }
        let records = failures.map { record(for: $0.0, error: $0.1) }
        let results: [Result<DeliveryReport, KafkaError>]
        do { results = try await producer.send(contentsOf: records) } catch { throw ConsumerError.deadLetterFailed("\(error)") }
        for case .failure(let error) in results { throw ConsumerError.deadLetterFailed("\(error)") }
    }
}
