import CRdKafka
import Dispatch
public import Logging
public import ServiceLifecycle
import Synchronization

/// A Kafka consumer over librdkafka: consumer groups or manual assignment,
/// seeks (offset, beginning, end, timestamp), pause/resume, offset control,
/// watermarks and lag.
///
/// Messages come as an `AsyncSequence` (``messages``) or in batches
/// (``poll(maxMessages:timeout:)``). librdkafka's blocking polls run on a
/// dedicated Dispatch queue, never on Swift's cooperative pool.
public final class KafkaConsumer: Sendable {
    /// The configuration this consumer was created with.
    public let configuration: KafkaConsumerConfiguration
    let client: RDKafkaClient
    nonisolated(unsafe) let queue: OpaquePointer
    let pollQueue = DispatchQueue(label: "cartstream.kafka.consumer.poll")
    /// Held while the consumer queue is polled or the consumer is closed: polls never run
    /// concurrently with each other or with `rd_kafka_consumer_close`. A try-lock, because the
    /// non-blocking fast path runs on the caller's thread (see `pollRawAsync`).
    let pollLock = Atomic<Bool>(false)
    let logger: Logger
    let closed = Atomic<Bool>(false)
    let pendingError = Mutex<KafkaError?>(nil)
    private let eventContinuation: AsyncStream<KafkaConsumerEvent>.Continuation
    /// Rebalances, partition ends and non-fatal errors, as they happen (newest 1,000 kept if unread).
    public let events: AsyncStream<KafkaConsumerEvent>
    /// librdkafka's latest statistics (needs ``KafkaClientConfiguration/statisticsInterval``).
    public let statistics: KafkaStatisticsReporter

    /// Creates a consumer; invalid configuration is rejected with the property name and reason.
    /// - Parameters:
    ///   - configuration: consumer settings.
    ///   - rebalanceListener: synchronous rebalance hooks, if needed.
    ///   - logger: receives librdkafka's logs.
    public init(
        configuration: KafkaConsumerConfiguration,
        rebalanceListener: KafkaRebalanceListener? = nil,
        logger: Logger = Logger(label: "kafka.consumer")
    ) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        self.statistics = KafkaStatisticsReporter(clientID: configuration.client.clientID)
        let context = RDKafkaClientContext(logger: logger, statistics: statistics)
        let client = try RDKafkaClient.make(
            type: .consumer, properties: configuration.librdkafkaProperties, origins: configuration.client.propertyOrigins, context: context
        ) { conf in
            rd_kafka_conf_set_rebalance_cb(conf, rdKafkaRebalanceCallback)
        }
        self.client = client
        rd_kafka_poll_set_consumer(client.handle)
        self.queue = rd_kafka_queue_get_consumer(client.handle)
        (events, eventContinuation) = AsyncStream.makeStream(of: KafkaConsumerEvent.self, bufferingPolicy: .bufferingNewest(1000))
        let continuation = eventContinuation
        let log = logger
        context.rebalance.withLock {
            $0 = { handle, err, list in
                KafkaConsumer.rebalance(
                    handle: handle, err: err, list: list, listener: rebalanceListener, events: continuation, logger: log)
            }
        }
    }

    deinit {
        rd_kafka_queue_destroy(queue)
        eventContinuation.finish()
    }

    /// Joins the consumer group and subscribes to `topics`; partitions arrive through rebalances.
    /// - Parameter topics: topic names (a name starting with `^` is a regex).
    public func subscribe(_ topics: [String]) throws(KafkaError) {
        guard configuration.groupID != nil else {
            throw KafkaError(kind: .invalidArgument, message: "subscribe needs a groupID; use assign(_:) without a group")
        }
        let list = RDKafkaPartitionList.make(topics.map { TopicPartition($0, RD_KAFKA_PARTITION_UA) })
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_subscribe(client.handle, list)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(err, context: "subscribe to \(topics)") }
    }

    /// Reads exactly these partitions from these offsets, outside any group rebalancing.
    ///
    /// `.stored` means the group's committed offset; where the group has none — it never
    /// committed there, or the broker does not know the group at all — ``KafkaConsumerConfiguration/autoOffsetReset``
    /// decides (`earliest`: the beginning, `latest`: the end, `error`: this call throws). Apache Kafka
    /// answers "no offset" for an unknown group, other Kafka-protocol brokers `GROUP_ID_NOT_FOUND`;
    /// both mean the same here. The committed offsets are fetched before assigning (a blocking call
    /// of at most `committedTimeout`, only when some entry is `.stored`), so a failure to fetch them
    /// is thrown here instead of stalling the partition.
    /// - Parameters:
    ///   - partitions: partitions with their start offsets.
    ///   - committedTimeout: how long fetching committed offsets for `.stored` entries may take.
    public func assign(_ partitions: [TopicPartitionOffset], committedTimeout: Duration = .seconds(10)) throws(KafkaError) {
        let partitions = try resolvingStored(partitions, timeout: committedTimeout)
        let list = RDKafkaPartitionList.make(partitions)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_assign(client.handle, list)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(err, context: "assign \(partitions)") }
    }

    /// `partitions` with every `.stored` offset replaced by the committed offset, or the
    /// `auto.offset.reset` position where the group has none.
    private func resolvingStored(_ partitions: [TopicPartitionOffset], timeout: Duration) throws(KafkaError) -> [TopicPartitionOffset] {
        let stored = partitions.filter { $0.offset == .stored }.map(\.topicPartition)
        guard !stored.isEmpty else { return partitions }
        let group = configuration.groupID ?? "(none)"
        let list = RDKafkaPartitionList.make(stored)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_committed(client.handle, list, timeout.timeoutMilliseconds)
        var committed: [TopicPartition: Int64] = [:]
        switch err {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            if let error = RDKafkaPartitionList.firstError(list, context: "committed offsets of group \(group)") { throw error }
            for entry in RDKafkaPartitionList.entries(list) where entry.offset >= 0 { committed[entry.0] = entry.offset }
        case RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND:
            logger.info(
                "the broker does not know group \(group): nothing committed, auto.offset.reset=\(configuration.autoOffsetReset.rawValue) decides"
            )
        default:
            throw KafkaError.from(err, context: "fetching committed offsets of group \(group) for \(stored)")
        }
        return try partitions.map { entry throws(KafkaError) in
            guard entry.offset == .stored else { return entry }
            if let offset = committed[entry.topicPartition] { return TopicPartitionOffset(entry.topicPartition, .offset(offset)) }
            switch configuration.autoOffsetReset {
            case .earliest: return TopicPartitionOffset(entry.topicPartition, .beginning)
            case .latest: return TopicPartitionOffset(entry.topicPartition, .end)
            case .error:
                throw KafkaError(
                    code: RD_KAFKA_RESP_ERR__NO_OFFSET.rawValue, kind: .offsetOutOfRange(entry.topicPartition),
                    message: "group \(group) has no committed offset for \(entry.topicPartition) and auto.offset.reset is error")
            }
        }
    }

    /// The partitions currently assigned to this consumer.
    public func assignment() throws(KafkaError) -> [TopicPartition] {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let err = rd_kafka_assignment(client.handle, &list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { throw KafkaError.from(err, context: "assignment") }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return RDKafkaPartitionList.partitions(list).sorted()
    }

    /// Stops fetching these partitions until ``resume(_:)``.
    /// - Parameter partitions: partitions to pause.
    public func pause(_ partitions: [TopicPartition]) throws(KafkaError) {
        try partitionCall("pause", partitions) { rd_kafka_pause_partitions($0, $1) }
    }

    /// Resumes fetching paused partitions.
    /// - Parameter partitions: partitions to resume.
    public func resume(_ partitions: [TopicPartition]) throws(KafkaError) {
        try partitionCall("resume", partitions) { rd_kafka_resume_partitions($0, $1) }
    }

    /// Moves the fetch position of assigned partitions.
    /// - Parameters:
    ///   - positions: partitions and the offsets to read next.
    ///   - timeout: how long to wait for the seek to take effect.
    public func seek(_ positions: [TopicPartitionOffset], timeout: Duration = .seconds(10)) async throws(KafkaError) {
        let client = self.client
        try await BlockingCalls.run { () throws(KafkaError) in
            let list = RDKafkaPartitionList.make(positions)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            if let error = rd_kafka_seek_partitions(client.handle, list, timeout.timeoutMilliseconds) {
                throw KafkaError.consuming(error, kind: .broker, context: "seek \(positions)")
            }
            if let error = RDKafkaPartitionList.firstError(list, context: "seek") { throw error }
        }
    }

    /// Closes the consumer: leaves the group (revoking its partitions) and stops fetching.
    /// Offsets are not committed here; commit first if you use group offsets.
    ///
    /// Bounded: when the group coordinator cannot be reached (brokers gone), librdkafka's close can
    /// take as long as the session timeout; after `timeout` this returns anyway (the close finishes
    /// in the background and the handle is freed after it), so shutdown never hangs.
    /// - Parameter timeout: the longest wait.
    public func close(timeout: Duration = .seconds(5)) async {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let continuation = eventContinuation
        // Whichever comes first: the close, or the timeout (the close keeps running unstructured).
        let finished = await withCheckedContinuation { (result: CheckedContinuation<Bool, Never>) in
            let resumed = Atomic<Bool>(false)
            let resumeOnce: @Sendable (Bool) -> Void = { value in
                if !resumed.exchange(true, ordering: .acquiringAndReleasing) { result.resume(returning: value) }
            }
            Task {
                _ = try? await BlockingCalls.run(on: self.pollQueue) { () throws(KafkaError) in
                    // A fast-path poll may still be running on a caller's thread: wait for it.
                    self.lockPoll()
                    defer { self.unlockPoll() }
                    rd_kafka_consumer_close(self.client.handle)
                }
                resumeOnce(true)
            }
            Task {
                try? await Task.sleep(for: timeout)
                resumeOnce(false)
            }
        }
        continuation.finish()
        if !finished {
            logger.warning("consumer close did not finish in \(timeout) (brokers unreachable?); continuing shutdown")
        }
    }

    private func partitionCall(
        _ what: String, _ partitions: [TopicPartition],
        _ call: (OpaquePointer, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> rd_kafka_resp_err_t
    ) throws(KafkaError) {
        let list = RDKafkaPartitionList.make(partitions)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = call(client.handle, list)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(err, context: "\(what) \(partitions)") }
        if let error = RDKafkaPartitionList.firstError(list, context: what) { throw error }
    }

    /// Applies a rebalance (eager or cooperative) and tells the listener and the event stream.
    private static func rebalance(
        handle: OpaquePointer, err: rd_kafka_resp_err_t, list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>,
        listener: KafkaRebalanceListener?, events: AsyncStream<KafkaConsumerEvent>.Continuation, logger: Logger
    ) {
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        let partitions = RDKafkaPartitionList.partitions(list).sorted()
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            if let starts = listener?.onAssign(partitions), !starts.isEmpty {
                for index in 0..<Int(list.pointee.cnt) {
                    let element = list.pointee.elems[index]
                    let key = TopicPartition(String(cString: element.topic), element.partition)
                    if let start = starts[key] { list.pointee.elems[index].offset = start.rawValue }
                }
            }
            if cooperative {
                if let error = rd_kafka_incremental_assign(handle, list) {
                    logger.error("incremental assign failed: \(KafkaError.consuming(error, kind: .broker))")
                }
            } else {
                rd_kafka_assign(handle, list)
            }
            logger.info("partitions assigned", metadata: ["kafka.partitions": "\(partitions)"])
            events.yield(.assigned(partitions))
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            listener?.onRevoke(partitions)
            if cooperative {
                if let error = rd_kafka_incremental_unassign(handle, list) {
                    logger.error("incremental unassign failed: \(KafkaError.consuming(error, kind: .broker))")
                }
            } else {
                rd_kafka_assign(handle, nil)
            }
            logger.info("partitions revoked", metadata: ["kafka.partitions": "\(partitions)"])
            events.yield(.revoked(partitions))
        default:
            let error = KafkaError.from(err, context: "rebalance")
            logger.error("rebalance error: \(error)")
            rd_kafka_assign(handle, nil)
            events.yield(.error(error))
        }
    }

    func yield(_ event: KafkaConsumerEvent) { eventContinuation.yield(event) }
}

extension KafkaConsumer: Service {
    /// Runs until graceful shutdown, then closes the consumer (ending ``messages``).
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }
}

/// librdkafka's rebalance callback: forwards to the consumer's handler.
private let rdKafkaRebalanceCallback:
    @convention(c) (
        OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, UnsafeMutableRawPointer?
    ) -> Void = { handle, err, list, opaque in
        guard let handle, let list else { return }
        RDKafkaClientContext.from(opaque: opaque)?.rebalanceGeneration.add(1, ordering: .acquiringAndReleasing)
        guard let context = RDKafkaClientContext.from(opaque: opaque), let handler = context.rebalance.withLock({ $0 }) else {
            rd_kafka_assign(handle, err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS ? list : nil)
            return
        }
        handler(handle, err, list)
    }
