import EventSourcing
import Foundation
import GRDB
import Kafka
import KafkaEventStore
import Logging

extension ConsumerRuntime {
    /// Re-drives dead-lettered records: each is read again from the events topic at its
    /// position, decoded with this runtime's (current) codec and, when it decodes, applied to
    /// the read model in one transaction together with an entry in the re-drive ledger.
    ///
    /// Exactly once: only records this database dead-lettered are accepted (a record consumed
    /// normally is `not-dead-lettered`), and one already in the ledger is `already-redriven`.
    /// The stream-sequence check of live consumption does not apply — a later event of the same
    /// stream has usually moved the stream's last sequence past the re-driven one — but the
    /// stream's last sequence moves forward when the re-driven event is its newest. The event is
    /// applied after later ones of its stream; models see it with `followsGap` when events of
    /// its stream before it are still missing.
    /// - Parameter records: source positions (`dlq_source_topic/partition/offset`).
    /// - Returns: one result per record, in order.
    /// - Throws: ``ConsumerError/replayInProgress`` while a replay rebuilds the model (its swap
    ///   would drop the re-drive); a `KafkaError` when the topic cannot be read.
    public func redrive(_ records: [RedriveRequest.SourceRecord]) async throws -> [RedriveResult] {
        let replayState = replayStatus.state
        if replayState == "running" || replayState == "swapping" { throw ConsumerError.replayInProgress }
        var results: [RedriveResult] = []
        for record in records { results.append(try await redrive(record)) }
        return results
    }

    private func redrive(_ record: RedriveRequest.SourceRecord) async throws -> RedriveResult {
        guard record.topic == configuration.topic else {
            return RedriveResult(
                record, .notFound, detail: "\(configuration.serviceName) consumes \(configuration.topic), not \(record.topic)")
        }
        let partition = TopicPartition(record.topic, record.partition)
        let reader = KafkaPartitionReader(client: configuration.kafka, clientIDSuffix: "redrive", prefetchMessages: 10, logger: logger)
        guard let message = try await reader.firstMessage(in: partition, atOrAfter: record.offset, before: record.offset + 1),
            message.offset == record.offset
        else {
            return RedriveResult(record, .notFound, detail: "no record at offset \(record.offset) of \(partition)")
        }
        let envelope: EventEnvelope<Model.Registry.Event>
        do { envelope = try codec.decode(EncodedEvent(message)) } catch {
            return RedriveResult(record, .stillUndecodable, reason: error.reasonCode, detail: error.description)
        }
        let model = self.model
        let store = self.store
        let appliedAt = RFC3339Timestamp.format(Date())
        let outcome = try await TransientRetry.run(logger: logger) {
            try await store.database.write { db -> RedriveOutcome in
                try Self.applyRedrive(envelope, at: partition, offset: record.offset, model: model, appliedAt: appliedAt, db: db)
            }
        }
        logger.notice(
            "dead letter re-driven",
            metadata: [
                "kafka.partition": "\(partition)", "kafka.offset": "\(record.offset)", "event.id": "\(envelope.eventID)",
                "event.type": "\(envelope.eventType)", "redrive.outcome": "\(outcome.rawValue)",
            ])
        return RedriveResult(record, outcome)
    }

    private static func applyRedrive(
        _ envelope: EventEnvelope<Model.Registry.Event>, at partition: TopicPartition, offset: Int64, model: Model, appliedAt: String,
        db: Database
    ) throws -> RedriveOutcome {
        guard try DeadLetterLedger.wasDeadLettered(topic: partition.topic, partition: partition.partition, offset: offset, in: db) else {
            return .notDeadLettered
        }
        if try DeadLetterLedger.wasRedriven(topic: partition.topic, partition: partition.partition, offset: offset, in: db) {
            return .alreadyRedriven
        }
        let last =
            try Int64.fetchOne(
                db, sql: "SELECT last_sequence FROM consumer_stream_sequences WHERE stream_id = ?", arguments: [envelope.streamID]) ?? 0
        try model.apply(
            AppliedEvent(envelope: envelope, partition: partition, offset: offset, followsGap: envelope.sequence > last + 1), in: db)
        if envelope.sequence > last {
            try db.execute(
                sql:
                    "INSERT INTO consumer_stream_sequences (stream_id, last_sequence) VALUES (?, ?) ON CONFLICT(stream_id) DO UPDATE SET last_sequence = excluded.last_sequence",
                arguments: [envelope.streamID, envelope.sequence])
        }
        try DeadLetterLedger.recordRedrive(
            topic: partition.topic, partition: partition.partition, offset: offset, eventID: envelope.eventID.uuidString.lowercased(),
            at: appliedAt, in: db)
        return .applied
    }
}
