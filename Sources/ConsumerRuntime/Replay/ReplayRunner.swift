import EventSourcing
import Foundation
import Kafka
import Logging
import Synchronization

/// Rebuilds a read model from the log into a given (fresh) store, up to the high
/// watermarks taken when it starts, with a private assign-only consumer.
///
/// It applies records exactly as live consumption does (same ``BatchApplier``), so the
/// result is the same read model. Undecodable records are recorded as applied but not sent
/// to the dead-letter topic again (live consumption already did).
struct ReplayRunner<Model: ReadModel>: Sendable {
    let configuration: ConsumerConfiguration
    let model: Model
    let codec: EventCodec<Model.Registry>
    let logger: Logger

    /// Replays `plan` into `store`; events after `until` (event time) are left out.
    func rebuild(into store: ReadModelStore, plan: ReplayPlan, until: Date? = nil, progress: ReplayProgress? = nil) async throws {
        var consumerConfiguration = KafkaConsumerConfiguration(client: configuration.kafka, groupID: nil)
        consumerConfiguration.client.clientID = configuration.serviceName + "-replay"
        consumerConfiguration.autoOffsetReset = .error
        consumerConfiguration.reportPartitionEOF = true
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger)
        let eofs = EndOfPartitionLog()
        let drain = Task {
            for await event in consumer.events {
                if case .partitionEOF(let partition, let offset) = event { eofs.record(partition, offset) }
            }
        }
        defer {
            drain.cancel()
        }
        do {
            try await replay(consumer: consumer, eofs: eofs, store: store, plan: plan, until: until, progress: progress)
            await consumer.close()
        } catch {
            await consumer.close()
            throw error
        }
    }

    private func replay(
        consumer: KafkaConsumer, eofs: EndOfPartitionLog, store: ReadModelStore,
        plan: ReplayPlan, until: Date?, progress: ReplayProgress?
    ) async throws {
        let admin = try KafkaAdmin(configuration: configuration.kafka)
        guard let topic = try await admin.metadata(topic: configuration.topic).topic(configuration.topic), !topic.partitions.isEmpty else {
            throw ConsumerError.invalidReplay("topic \(configuration.topic) does not exist")
        }
        var targets: [TopicPartition: Int64] = [:]
        var starts: [TopicPartition: Int64] = [:]
        for partition in topic.partitions.map({ TopicPartition(configuration.topic, $0.id) }) {
            let marks = try await consumer.watermarks(partition)
            targets[partition] = marks.high
            switch plan {
            case .beginning: starts[partition] = marks.low
            case .offsets(let offsets):
                let start = offsets[partition.partition] ?? marks.low
                guard marks.contains(nextOffset: start) else {
                    throw ConsumerError.invalidReplay("offset \(start) of \(partition) is outside \(marks.low)...\(marks.high)")
                }
                starts[partition] = start
            case .timestamp(let date):
                starts[partition] = try await consumer.offset(forTimestamp: date.millisecondsSince1970, in: partition)
            }
        }
        let total = targets.reduce(Int64(0)) { $0 + max(0, $1.value - starts[$1.key]!) }
        progress?.update { $0.target = total }
        var pending = Set(targets.keys.filter { starts[$0]! < targets[$0]! })
        guard !pending.isEmpty else { return }
        try consumer.assign(pending.sorted().map { TopicPartitionOffset($0, .offset(starts[$0]!)) })
        var applier = BatchApplier(model: model, codec: codec, deadLetters: nil, logger: logger)
        if let until { applier.include = { $0.occurredAt <= until } }
        var nextOffsets = starts
        while !pending.isEmpty {
            try Task.checkCancellation()
            let messages = try await consumer.poll(maxMessages: configuration.batchSize, timeout: configuration.pollTimeout)
                .filter { pending.contains($0.topicPartition) && $0.offset < targets[$0.topicPartition]! }
            if !messages.isEmpty {
                _ = try await applier.apply(messages, to: store)
                for message in messages { nextOffsets[message.topicPartition] = message.offset + 1 }
                progress?.update { $0.eventsApplied += messages.count }
            }
            let reachedEnd = eofs.offsets
            for partition in pending
            where nextOffsets[partition]! >= targets[partition]! || (reachedEnd[partition] ?? -1) >= targets[partition]! {
                pending.remove(partition)
                try? consumer.pause([partition])
            }
        }
    }
}

/// End-of-partition offsets reported by a consumer.
final class EndOfPartitionLog: Sendable {
    private let storage = Mutex<[TopicPartition: Int64]>([:])
    func record(_ partition: TopicPartition, _ offset: Int64) { storage.withLock { $0[partition] = offset } }
    var offsets: [TopicPartition: Int64] { storage.withLock { $0 } }
}
