import EventSourcing
import Kafka

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
        let found = try await eventID(at: next - 1, in: checkpoint.topicPartition, high: watermarks.high)
        if found.offset != next - 1 { return "no record at offset \(next - 1); next record is at \(found.offset)" }
        if found.eventID != checkpoint.lastEventID {
            return "record at offset \(next - 1) has ce_id '\(found.eventID)', stored fingerprint is '\(checkpoint.lastEventID)'"
        }
        return nil
    }

    /// The first record at or after `offset`: its offset and `ce_id`. The record lies below the
    /// high watermark just read, so when none arrives the broker is not answering: that is a
    /// retriable timeout, never a mismatch.
    private func eventID(at offset: Int64, in partition: TopicPartition, high: Int64) async throws -> (offset: Int64, eventID: String) {
        var configuration = KafkaConsumerConfiguration(client: client, groupID: nil)
        configuration.client.clientID += "-identity-probe"
        configuration.autoOffsetReset = .error
        let probe = try KafkaConsumer(configuration: configuration)
        defer { Task { await probe.close() } }
        try probe.assign([TopicPartitionOffset(partition, .offset(offset))])
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            for message in try await probe.poll(maxMessages: 1, timeout: .milliseconds(200))
            where message.topicPartition == partition && message.offset >= offset {
                return (message.offset, message.headers.string(EventHeader.id) ?? "")
            }
        }
        throw KafkaError(
            code: 0, kind: .timeout, message: "no record of \(partition) at or after offset \(offset) arrived within 10 s (high watermark \(high))",
            isRetriable: true)
    }
}
