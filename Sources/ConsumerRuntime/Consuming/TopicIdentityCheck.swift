import EventSourcing
import Kafka
import Logging

/// Checks that a stored position still belongs to the topic in front of it.
///
/// A stored next offset must lie within the log (`low ... high`), and the record just
/// before it must carry the `ce_id` stored as its fingerprint. Anything else means the
/// topic was trimmed past unapplied records or recreated (an embedded mock cluster starts
/// empty on every restart): consuming on would silently skip or mis-apply events.
struct TopicIdentityCheck: Sendable {
    let client: KafkaClientConfiguration

    /// `nil` when the position is sound, else what was found instead.
    func mismatch(of checkpoint: OffsetCheckpoint, watermarks: KafkaWatermarks) async throws -> String? {
        let next = checkpoint.nextOffset
        if next > watermarks.high { return "log end (high watermark) \(watermarks.high) is below the stored next offset" }
        if next < watermarks.low { return "log start (low watermark) \(watermarks.low): records \(next)..<\(watermarks.low) were trimmed" }
        guard next > watermarks.low, next > 0 else { return nil }  // the fingerprint record itself was trimmed: nothing to compare
        guard let found = try await eventID(at: next - 1, in: checkpoint.topicPartition, high: watermarks.high) else {
            return
                "no record at or after offset \(next - 1) below the log end \(watermarks.high) (expected ce_id \(checkpoint.lastEventID))"
        }
        if found.offset != next - 1 { return "no record at offset \(next - 1); next record is at \(found.offset)" }
        if found.eventID != checkpoint.lastEventID {
            return "record at offset \(next - 1) has ce_id '\(found.eventID)', stored fingerprint is '\(checkpoint.lastEventID)'"
        }
        return nil
    }

    /// The first record at or after `offset` (below `high`): its offset and `ce_id`; `nil` when the
    /// whole range was read and holds no record (only transaction markers, for example). A broker
    /// that does not answer makes the reader throw a retriable timeout instead.
    private func eventID(at offset: Int64, in partition: TopicPartition, high: Int64) async throws -> (offset: Int64, eventID: String)? {
        let reader = KafkaPartitionReader(
            client: client, clientIDSuffix: "identity-probe", prefetchMessages: 100, logger: Logger(label: "kafka.identity-probe"))
        return try await reader.firstMessage(in: partition, atOrAfter: offset, before: high).map {
            ($0.offset, $0.headers.string(EventHeader.id) ?? "")
        }
    }
}
