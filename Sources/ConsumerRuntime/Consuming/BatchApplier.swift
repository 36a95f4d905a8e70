import EventSourcing
import Foundation
import GRDB
import Kafka
import KafkaEventStore
import Logging
import ServiceRuntime

/// What one committed batch did.
struct BatchOutcome: Sendable {
    var applied = 0
    var duplicates = 0
    var skippedOffsets = 0
    var gaps: [String] = []
    var deadLettered: [String: Int] = [:]
    var checkpoints: [TopicPartition: OffsetCheckpoint] = [:]
}

/// Applies a batch of records to a read model in ONE write transaction, together with
/// the partitions' offsets and the streams' last sequences.
///
/// Order of effects, which is what makes a crash at any instant harmless:
/// 1. decode every record; undecodable ones are sent to the dead-letter topic and
///    acknowledged (a crash after this re-sends them: the DLQ is at-least-once);
/// 2. one transaction: skip records below the stored offset (redelivery), classify the
///    rest by stream sequence (duplicate → skipped, gap → recorded and applied), apply,
///    and store each partition's next offset and last `ce_id` (dead-lettered records are
///    recorded in ``DeadLetterLedger``, so only they can be re-driven later);
/// 3. commit. Either all of the batch is in the database with its offsets, or none is.
struct BatchApplier<Model: ReadModel>: Sendable {
    let model: Model
    let codec: EventCodec<Model.Registry>
    let deadLetters: DeadLetterSink?
    let logger: Logger
    /// Events failing this are skipped (offsets still recorded): time travel's cut-off.
    var include: (@Sendable (EventEnvelope<Model.Registry.Event>) -> Bool)? = nil

    func apply(_ messages: [KafkaMessage], to store: ReadModelStore) async throws -> BatchOutcome {
        var decoded: [(KafkaMessage, Result<EventEnvelope<Model.Registry.Event>, EventDecodingError>)] = []
        decoded.reserveCapacity(messages.count)
        for message in messages {
            do { decoded.append((message, .success(try codec.decode(EncodedEvent(message))))) } catch {
                decoded.append((message, .failure(error)))
            }
        }
        let failures = decoded.compactMap { entry -> (KafkaMessage, EventDecodingError)? in
            if case .failure(let error) = entry.1 { return (entry.0, error) } else { return nil }
        }
        if !failures.isEmpty {
            try await deadLetters?.send(failures)
            for (message, error) in failures {
                logger.warning(
                    "record dead-lettered",
                    metadata: [
                        "kafka.partition": "\(message.topicPartition)", "kafka.offset": "\(message.offset)",
                        "dlq.reason": "\(error.reasonCode)", "dlq.detail": "\(error.description)",
                    ])
            }
        }
        let model = self.model
        let include = self.include
        let decodedBatch = decoded
        let outcome = try await TransientRetry.run(logger: logger) {
            try await store.database.write { db in
                try Self.applyInTransaction(decodedBatch, model: model, include: include, db: db)
            }
        }
        if logger.logLevel <= .debug {
            // Continue each record's trace (W3C traceparent from the cart command) in this service's logs.
            for case (let message, .success(let envelope)) in decodedBatch {
                let trace = TraceContext.continuing(message.headers.string("traceparent"))
                logger.debug(
                    "event applied",
                    metadata: [
                        "cart.id": "\(envelope.streamID)", "event.id": "\(envelope.eventID)", "event.type": "\(envelope.eventType)",
                        "kafka.partition": "\(message.partition)", "kafka.offset": "\(message.offset)",
                        "trace.id": "\(trace.traceID)", "span.id": "\(trace.spanID)",
                    ])
            }
        }
        return outcome
    }

    private static func applyInTransaction(
        _ batch: [(KafkaMessage, Result<EventEnvelope<Model.Registry.Event>, EventDecodingError>)],
        model: Model, include: (@Sendable (EventEnvelope<Model.Registry.Event>) -> Bool)?, db: Database
    ) throws -> BatchOutcome {
        var outcome = BatchOutcome()
        var stored: [TopicPartition: Int64] = [:]
        for (message, result) in batch {
            let partition = message.topicPartition
            if stored[partition] == nil {
                stored[partition] =
                    try OffsetCheckpoint.fetchOne(db, key: ["topic": partition.topic, "partition": partition.partition])?.nextOffset ?? -1
            }
            if message.offset < stored[partition]! {
                outcome.skippedOffsets += 1
                continue
            }
            stored[partition] = message.offset + 1
            let fingerprint = message.headers.string(EventHeader.id) ?? ""
            outcome.checkpoints[partition] = OffsetCheckpoint(
                topic: partition.topic, partition: partition.partition, nextOffset: message.offset + 1, lastEventID: fingerprint)
            switch result {
            case .failure(let error):
                outcome.deadLettered[error.reasonCode, default: 0] += 1
                try DeadLetterLedger.recordDeadLetter(
                    topic: partition.topic, partition: partition.partition, offset: message.offset, reason: error.reasonCode, in: db)
            case .success(let envelope):
                if let include, !include(envelope) { continue }
                let last =
                    try Int64.fetchOne(
                        db, sql: "SELECT last_sequence FROM consumer_stream_sequences WHERE stream_id = ?", arguments: [envelope.streamID])
                    ?? 0
                var followsGap = false
                if envelope.sequence <= last {
                    outcome.duplicates += 1
                    continue
                } else if envelope.sequence != last + 1 {
                    followsGap = true
                    outcome.gaps.append("\(envelope.streamID): expected \(last + 1), got \(envelope.sequence)")
                    try db.execute(
                        sql:
                            "INSERT INTO consumer_sequence_gaps (stream_id, expected, got, event_id, partition, offset) VALUES (?, ?, ?, ?, ?, ?)",
                        arguments: [
                            envelope.streamID, last + 1, envelope.sequence, envelope.eventID.uuidString, message.partition, message.offset,
                        ])
                }
                try model.apply(
                    AppliedEvent(envelope: envelope, partition: partition, offset: message.offset, followsGap: followsGap), in: db)
                try db.execute(
                    sql:
                        "INSERT INTO consumer_stream_sequences (stream_id, last_sequence) VALUES (?, ?) ON CONFLICT(stream_id) DO UPDATE SET last_sequence = excluded.last_sequence",
                    arguments: [envelope.streamID, envelope.sequence])
                outcome.applied += 1
            }
        }
        for checkpoint in outcome.checkpoints.values { try checkpoint.save(db) }
        return outcome
    }
}

/// Retries database work that failed for a transient reason (busy, locked, swapping) with
/// exponential backoff (50 ms doubling to 2 s), until it succeeds or the task is cancelled.
enum TransientRetry {
    static func run<T: Sendable>(logger: Logger, _ work: () async throws -> T) async throws -> T {
        var delay = Duration.milliseconds(50)
        while true {
            do { return try await work() } catch  where isTransient(error) {
                logger.notice("transient database failure; retrying", metadata: ["error": "\(error)", "retry.delay": "\(delay)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
    }

    static func isTransient(_ error: any Error) -> Bool {
        if let error = error as? DatabaseError {
            return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
        }
        if case ConsumerError.databaseUnavailable = error { return true }
        return false
    }
}
