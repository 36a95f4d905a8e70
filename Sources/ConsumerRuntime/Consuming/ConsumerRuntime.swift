public import EventSourcing
public import Foundation
public import GRDB
public import Kafka
public import Logging
public import ServiceLifecycle
public import ServiceRuntime
import Synchronization

/// Keeps a read model up to date from the events topic; a `Service` whose whole life is `run()`.
///
/// - Offsets live in the model's database, written in the batch's transaction; the start
///   position of every assigned partition comes from there (``KafkaRebalanceListener``),
///   Kafka's committed offsets are only committed (asynchronously) for `cartctl lag`.
/// - Each assigned partition with a stored position is checked against the topic first
///   (``TopicIdentityCheck``); a mismatch, or an out-of-range position reported by the
///   consumer (`auto.offset.reset=error`), pauses that partition, logs CRITICAL and makes the
///   service not ready until ``requestReset()`` or a replay.
/// - Replays rebuild into a fresh file and swap it in between two batches.
public final class ConsumerRuntime<Model: ReadModel>: Service, Sendable {
    /// The settings.
    public let configuration: ConsumerConfiguration
    /// The read model's database.
    public let store: ReadModelStore
    /// The model.
    public let model: Model
    /// The health component `consumer` is maintained here.
    public let health: HealthMonitor
    let codec: EventCodec<Model.Registry>
    let metrics: ConsumerMetrics
    let logger: Logger
    let replayProgress = ReplayProgress()
    private let state = Mutex(RuntimeState())

    struct RuntimeState {
        var assigned: Set<TopicPartition> = []
        var pendingValidation: Set<TopicPartition> = []
        var halted: [TopicPartition: String] = [:]
        var targets: [TopicPartition: Int64] = [:]
        var endOfPartition: [TopicPartition: Int64] = [:]
        var nextOffsets: [TopicPartition: Int64] = [:]
        var gapCount = 0
        var lastGap: String?
        var pendingSwap: ReadModelStore?
        var resetRequested = false
        var replayTask: Task<Void, Never>?
        var stopping = false
    }

    /// Creates the runtime and opens (migrating) the database.
    /// - Parameters:
    ///   - configuration: settings.
    ///   - model: the read model.
    ///   - codec: decodes records into events.
    ///   - health: the service's health monitor.
    ///   - logger: the service logger.
    public init(
        configuration: ConsumerConfiguration, model: Model, codec: EventCodec<Model.Registry>,
        health: HealthMonitor, logger: Logger
    ) throws {
        self.configuration = configuration
        self.model = model
        self.codec = codec
        self.health = health
        self.logger = logger
        self.metrics = ConsumerMetrics(serviceName: configuration.serviceName)
        self.store = try ReadModelStore(path: configuration.databasePath, model: model)
        health.set("consumer", ready: false, detail: "starting")
    }

    // MARK: - Running

    /// Consumes until graceful shutdown or cancellation.
    public func run() async throws {
        var consumerConfiguration = KafkaConsumerConfiguration(client: configuration.kafka, groupID: configuration.consumerGroup)
        consumerConfiguration.autoOffsetReset = .error
        consumerConfiguration.reportPartitionEOF = true
        consumerConfiguration.maxBatchSize = configuration.batchSize
        let listener = KafkaRebalanceListener(
            onAssign: { [self] partitions in startOffsets(for: partitions) },
            onRevoke: { [self] partitions in revoked(partitions) })
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, rebalanceListener: listener, logger: logger)
        var producerConfiguration = KafkaProducerConfiguration(client: configuration.kafka)
        producerConfiguration.client.clientID = configuration.serviceName + "-dlq"
        producerConfiguration.linger = .milliseconds(1)
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        let sink = DeadLetterSink(producer: producer, topic: configuration.deadLetterTopic, serviceName: configuration.serviceName)
        let applier = BatchApplier(model: model, codec: codec, deadLetters: sink, logger: logger)
        let events = Task { [self] in
            for await event in consumer.events {
                if case .partitionEOF(let partition, let offset) = event { state.withLock { $0.endOfPartition[partition] = offset } }
            }
        }
        defer { events.cancel() }
        do {
            try await withGracefulShutdownHandler {
                try await start(consumer)
                try await loop(consumer: consumer, applier: applier)
            } onGracefulShutdown: { [self] in
                state.withLock { $0.stopping = true }
            }
        } catch {
            await shutdown(consumer: consumer, producer: producer)
            if error is CancellationError { return }
            throw error
        }
        await shutdown(consumer: consumer, producer: producer)
    }

    private func shutdown(consumer: KafkaConsumer, producer: KafkaProducer) async {
        state.withLock { $0.replayTask }?.cancel()
        await consumer.close()
        await producer.close(timeout: .seconds(5))
    }

    private var isStopping: Bool { state.withLock { $0.stopping } || Task.isCancelled }

    private func start(_ consumer: KafkaConsumer) async throws {
        switch configuration.assignment {
        case .group:
            try consumer.subscribe([configuration.topic])
        case .all:
            let admin = try KafkaAdmin(configuration: configuration.kafka)
            guard
                let metadata = try await retryingWhileUnavailable(
                    "read the topic's partitions",
                    {
                        try await admin.metadata(topic: configuration.topic)
                    })
            else { return }
            guard let topic = metadata.topic(configuration.topic), !topic.partitions.isEmpty else {
                throw KafkaError(kind: .invalidArgument, message: "topic \(configuration.topic) does not exist")
            }
            let partitions = topic.partitions.map { TopicPartition(configuration.topic, $0.id) }
            let starts = startOffsets(for: partitions)
            try consumer.assign(partitions.map { TopicPartitionOffset($0, starts[$0] ?? .beginning) })
        }
    }

    /// Start offsets from the database (rebalance callback: synchronous).
    func startOffsets(for partitions: [TopicPartition]) -> [TopicPartition: KafkaOffset] {
        let stored = (try? store.checkpoints(topic: configuration.topic)) ?? [:]
        state.withLock { state in
            for partition in partitions {
                state.assigned.insert(partition)
                state.pendingValidation.insert(partition)
                state.nextOffsets[partition] = stored[partition]?.nextOffset
            }
        }
        var result: [TopicPartition: KafkaOffset] = [:]
        for partition in partitions { result[partition] = stored[partition].map { .offset($0.nextOffset) } ?? .beginning }
        logger.info("partitions assigned; resuming from stored offsets", metadata: ["kafka.partitions": "\(result)"])
        return result
    }

    private func revoked(_ partitions: [TopicPartition]) {
        state.withLock { state in
            for partition in partitions {
                state.assigned.remove(partition)
                state.pendingValidation.remove(partition)
                state.halted[partition] = nil
                state.targets[partition] = nil
            }
        }
    }

    private func loop(consumer: KafkaConsumer, applier: BatchApplier<Model>) async throws {
        var lastLagUpdate = ContinuousClock.now - .seconds(10)
        while !isStopping {
            try await performRequestedSwap(consumer)
            try await validatePending(consumer)
            let polled = await pollOnce(consumer)
            var messages: [KafkaMessage]
            switch polled {
            case .success(let batch): messages = batch
            case .failure(let error):
                if error.kind == .closed { return }
                guard let partition = error.outOfRangePartition else { throw error }
                let stored = state.withLock { $0.nextOffsets[partition] } ?? -1
                // A report about a position given up since (reset, swap) is stale: check the current one.
                if let marks = try? await consumer.watermarks(partition), stored < 0 || marks.contains(nextOffset: stored) {
                    logger.notice("ignoring a stale out-of-range report", metadata: ["kafka.partition": "\(partition)"])
                    continue
                }
                await halt(
                    partition, stored: stored, actual: "consumer reports the position outside the log: \(error.message)", consumer: consumer
                )
                continue
            }
            try await validatePending(consumer)
            if isStopping { return }  // a check cut short by the stop: apply nothing unchecked
            let (halted, assigned, unchecked) = state.withLock { ($0.halted, $0.assigned, $0.pendingValidation) }
            messages.removeAll {
                halted[$0.topicPartition] != nil || !assigned.contains($0.topicPartition) || unchecked.contains($0.topicPartition)
            }
            if !messages.isEmpty { try await applyWithRetry(messages, applier: applier, consumer: consumer) }
            if ContinuousClock.now - lastLagUpdate > .seconds(1) || !messages.isEmpty {
                await updateReadiness(consumer: consumer, refreshWatermarks: ContinuousClock.now - lastLagUpdate > .seconds(1))
                lastLagUpdate = ContinuousClock.now
            }
        }
    }

    private func pollOnce(_ consumer: KafkaConsumer) async -> Result<[KafkaMessage], KafkaError> {
        do { return .success(try await consumer.poll(maxMessages: configuration.batchSize, timeout: configuration.pollTimeout)) } catch {
            return .failure(error)
        }
    }

    /// Applies a batch, retrying (with backoff) until it commits: nothing is ever skipped.
    private func applyWithRetry(_ messages: [KafkaMessage], applier: BatchApplier<Model>, consumer: KafkaConsumer) async throws {
        var delay = Duration.milliseconds(100)
        while true {
            let started = ContinuousClock.now
            do {
                let outcome = try await applier.apply(messages, to: store)
                metrics.record(outcome, duration: ContinuousClock.now - started)
                state.withLock { state in
                    for (partition, checkpoint) in outcome.checkpoints { state.nextOffsets[partition] = checkpoint.nextOffset }
                    state.gapCount += outcome.gaps.count
                    if let gap = outcome.gaps.last { state.lastGap = gap }
                }
                for gap in outcome.gaps { logger.error("sequence gap; event applied anyway", metadata: ["cart.sequence_gap": "\(gap)"]) }
                let commits = outcome.checkpoints.values.map { TopicPartitionOffset($0.topicPartition, .offset($0.nextOffset)) }
                if !commits.isEmpty { try? consumer.commitAsync(commits) }
                return
            } catch {
                if isStopping { throw CancellationError() }
                logger.error("applying a batch failed; retrying", metadata: ["error": "\(error)", "retry.delay": "\(delay)"])
                health.set("consumer", ready: false, detail: "applying a batch failed: \(error)")
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }

    // MARK: - Topic identity

    private func validatePending(_ consumer: KafkaConsumer) async throws {
        // A partition leaves `pendingValidation` only once checked (a stop can cut the checks short).
        let pending = state.withLock { $0.pendingValidation }
        guard !pending.isEmpty else { return }
        let stored = try store.checkpoints(topic: configuration.topic)
        let check = TopicIdentityCheck(client: configuration.kafka)
        for partition in pending.sorted() {
            // Nothing of a partition is applied before it is checked, so a broker that cannot
            // answer (outage) means retrying here, not skipping the check.
            guard
                try await retryingWhileUnavailable(
                    "check \(partition) against the topic",
                    {
                        try await validate(partition, checkpoint: stored[partition], check: check, consumer: consumer)
                    }) != nil
            else { return }
            state.withLock { _ = $0.pendingValidation.remove(partition) }
        }
    }

    /// Runs `attempt` until it succeeds, retrying every second while it fails with a retriable
    /// Kafka error (a broker outage): health says what cannot be done yet. `nil` when a stop
    /// interrupts the retries; any other error is thrown.
    private func retryingWhileUnavailable<T>(_ what: String, _ attempt: () async throws -> T) async throws -> T? {
        while !isStopping {
            do { return try await attempt() } catch {
                guard let kafkaError = error as? KafkaError, kafkaError.isRetriable else { throw error }
                health.set("consumer", ready: false, detail: "cannot \(what) yet: \(kafkaError.message)")
                logger.warning("cannot \(what); retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
        return nil
    }

    private func validate(_ partition: TopicPartition, checkpoint: OffsetCheckpoint?, check: TopicIdentityCheck, consumer: KafkaConsumer)
        async throws
    {
        let marks = try await consumer.watermarks(partition)
        state.withLock { $0.targets[partition] = marks.high }
        guard let checkpoint else { return }
        if let mismatch = try await check.mismatch(of: checkpoint, watermarks: marks) {
            await halt(partition, stored: checkpoint.nextOffset, actual: mismatch, consumer: consumer)
        }
    }

    private func halt(_ partition: TopicPartition, stored: Int64, actual: String, consumer: KafkaConsumer) async {
        let error = ConsumerError.topicIdentityMismatch(partition: partition, stored: stored, actual: actual)
        let reason = "\(error); consumption of this partition is stopped — POST /admin/reset or /admin/replay"
        logger.critical(
            "stored offset does not match the topic; NOT skipping — partition paused",
            metadata: [
                "kafka.topic": "\(partition.topic)", "kafka.partition": "\(partition.partition)",
                "consumer.stored_next_offset": "\(stored)", "consumer.actual": "\(actual)",
            ])
        state.withLock { $0.halted[partition] = reason }
        try? consumer.pause([partition])
        health.set("consumer", ready: false, detail: reason)
    }

    // MARK: - Readiness and lag

    private func updateReadiness(consumer: KafkaConsumer, refreshWatermarks: Bool) async {
        let snapshot = state.withLock { $0 }
        var lagging: [String] = []
        for partition in snapshot.assigned.sorted() {
            if isStopping { return }
            var high = snapshot.targets[partition]
            // The watermark of the latest fetch answer: this runs every second and must never wait
            // for a broker (nor pile up abandoned queries when brokers are gone).
            if refreshWatermarks, let marks = consumer.cachedWatermarks(partition) { high = max(high ?? 0, marks.high) }
            let next = snapshot.nextOffsets[partition] ?? 0
            let atEnd = snapshot.endOfPartition[partition] ?? -1
            let position = max(next, atEnd)
            if let high { metrics.lag(partition, messages: max(0, high - position)) }
            if let target = snapshot.targets[partition], position < target { lagging.append("\(partition) at \(position) of \(target)") }
        }
        if !snapshot.halted.isEmpty {
            health.set("consumer", ready: false, detail: snapshot.halted.sorted { $0.key < $1.key }.map(\.value).joined(separator: "; "))
        } else if snapshot.assigned.isEmpty {
            health.set("consumer", ready: false, detail: "no partitions assigned yet")
        } else if !lagging.isEmpty || !snapshot.pendingValidation.isEmpty {
            health.set("consumer", ready: false, detail: "catching up: " + lagging.joined(separator: ", "))
        } else {
            let gaps = snapshot.gapCount > 0 ? "; sequence gaps seen: \(snapshot.gapCount) (last: \(snapshot.lastGap ?? ""))" : ""
            health.set("consumer", ready: true, detail: "caught up" + gaps)
        }
    }

    /// Whether every assigned partition reached the high watermark taken at assignment.
    public var isCaughtUp: Bool {
        let snapshot = state.withLock { $0 }
        guard !snapshot.assigned.isEmpty, snapshot.halted.isEmpty, snapshot.pendingValidation.isEmpty else { return false }
        return snapshot.assigned.allSatisfy { partition in
            guard let target = snapshot.targets[partition] else { return false }
            return max(snapshot.nextOffsets[partition] ?? 0, snapshot.endOfPartition[partition] ?? -1) >= target
        }
    }

    /// Partitions stopped because their stored position does not match the topic, with why.
    public var haltedPartitions: [TopicPartition: String] { state.withLock { $0.halted } }

    /// Sequence gaps seen since start.
    public var sequenceGapCount: Int { state.withLock { $0.gapCount } }

    // MARK: - Reset and replay

    /// Drops the database and consumes again from the beginning (between two batches).
    public func requestReset() {
        state.withLock { $0.resetRequested = true }
    }

    /// Starts a replay into a fresh file; it replaces the live database once caught up to the
    /// high watermarks taken now. Queries keep using the old database meanwhile.
    /// - Parameter plan: where to start.
    /// - Returns: the status right after starting.
    @discardableResult
    public func startReplay(_ plan: ReplayPlan) throws -> ReplayStatus {
        try state.withLock { state in
            if let task = state.replayTask, !task.isCancelled, ["running", "swapping"].contains(replayProgress.current.state) {
                throw ConsumerError.replayInProgress
            }
            replayProgress.update {
                $0 = ReplayStatus(state: "running", plan: plan, eventsApplied: 0, target: 0, eventsPerSecond: 0, startedAt: Date())
            }
            state.replayTask = Task { [self] in await runReplay(plan) }
        }
        return replayProgress.current
    }

    /// The current or last replay's progress.
    public var replayStatus: ReplayStatus { replayProgress.current }

    private func runReplay(_ plan: ReplayPlan) async {
        do {
            let scratch = try store.emptySibling(at: configuration.databasePath + ".replay")
            try await runner.rebuild(into: scratch, plan: plan, progress: replayProgress)
            replayProgress.update { $0.state = "swapping" }
            state.withLock { $0.pendingSwap = scratch }
            logger.notice("replay caught up; swapping the database in", metadata: ["replay.plan": "\(plan)"])
        } catch {
            logger.error("replay failed", metadata: ["error": "\(error)"])
            replayProgress.update {
                $0.state = "failed"
                $0.error = "\(error)"
                $0.finishedAt = Date()
            }
        }
    }

    var runner: ReplayRunner<Model> { ReplayRunner(configuration: configuration, model: model, codec: codec, logger: logger) }

    /// Rebuilds the read model into `store` without touching the live one (tests, tools).
    /// - Parameters:
    ///   - target: a fresh store (see ``scratchStore(named:)``).
    ///   - plan: where to start.
    public func rebuild(into target: ReadModelStore, plan: ReplayPlan = .beginning) async throws {
        try await runner.rebuild(into: target, plan: plan)
    }

    /// A fresh database beside the live one, with the same schema.
    /// - Parameter suffix: file name suffix.
    public func scratchStore(suffix: String) throws -> ReadModelStore {
        try store.emptySibling(at: configuration.databasePath + "." + suffix)
    }

    /// Time travel: the read model as of `date` (events with a later event time left out),
    /// built in a scratch database that `body` reads and that is deleted afterwards.
    /// - Parameters:
    ///   - date: the point in event time.
    ///   - body: reads the scratch database.
    public func withReadModel<T: Sendable>(asOf date: Date, _ body: @Sendable (DatabasePool) throws -> T) async throws -> T {
        let scratch = try scratchStore(suffix: "asof-\(UUID().uuidString.prefix(8))")
        defer { scratch.destroy() }
        try await runner.rebuild(into: scratch, plan: .beginning, until: date)
        return try body(scratch.database)
    }

    private func performRequestedSwap(_ consumer: KafkaConsumer) async throws {
        let (swap, reset) = state.withLock { state in
            defer {
                state.pendingSwap = nil
                state.resetRequested = false
            }
            return (state.pendingSwap, state.resetRequested)
        }
        guard swap != nil || reset else { return }
        if let swap {
            try store.replace(with: swap)
            replayProgress.update {
                $0.state = "completed"
                $0.finishedAt = Date()
            }
        } else {
            try store.reset()
            logger.notice("read model reset; consuming from the beginning")
        }
        let stored = try store.checkpoints(topic: configuration.topic)
        let assigned = state.withLock { state in
            state.halted = [:]
            state.gapCount = 0
            state.lastGap = nil
            state.endOfPartition = [:]
            for partition in state.assigned { state.nextOffsets[partition] = stored[partition]?.nextOffset }
            state.pendingValidation = state.assigned
            return state.assigned
        }
        guard !assigned.isEmpty else { return }
        let positions = try await assigned.sorted().asyncMap { partition -> TopicPartitionOffset in
            if let next = stored[partition]?.nextOffset { return TopicPartitionOffset(partition, .offset(next)) }
            let marks = try await consumer.watermarks(partition)
            return TopicPartitionOffset(partition, .offset(marks.low))
        }
        // Halted partitions were paused; a new assignment does not reliably undo that (librdkafka
        // applies pause and assignment asynchronously), so resume explicitly after assigning.
        if configuration.assignment == .all {
            try consumer.assign(positions)
            try consumer.resume(Array(assigned))
        } else {
            try consumer.resume(Array(assigned))
            try await consumer.seek(positions)
        }
    }

    /// Stored offsets per partition (for `GET /admin/offsets` and `cartctl lag`).
    public func storedOffsets() throws -> [OffsetCheckpoint] {
        try store.checkpoints(topic: configuration.topic).values.sorted { $0.partition < $1.partition }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

extension KafkaError {
    /// The partition whose position is outside its log, for `offsetOutOfRange` errors.
    var outOfRangePartition: TopicPartition? {
        if case .offsetOutOfRange(let partition) = kind { return partition }
        return nil
    }
}
