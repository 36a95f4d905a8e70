import CRdKafka
import Dispatch
import Instrumentation
public import Logging
public import ServiceLifecycle
import Synchronization

/// A Kafka producer over librdkafka.
///
/// Three ways to send:
/// - ``send(_:)`` returns only after the broker acknowledged the record (its ``DeliveryReport``).
/// - ``send(contentsOf:)`` sends many records and waits for all their reports at once.
/// - ``enqueue(_:)`` hands a record over without waiting for its report, for throughput;
///   when librdkafka's queue is full it suspends until there is room. ``flush(timeout:)``
///   then waits for all of them and reports how many failed.
///   ``enqueue(topic:partition:key:value:)`` does the same for a record given by its parts,
///   with no reference counting per message (the fastest path).
///
/// Delivery reports are served by a dedicated thread, never by Swift's cooperative pool.
/// As a `Service`, the producer flushes and closes on graceful shutdown.
public final class KafkaProducer: Sendable {
    /// The configuration this producer was created with.
    public let configuration: KafkaProducerConfiguration
    let client: RDKafkaClient
    private let ledger: DeliveryLedger
    private let topics: TopicHandleCache
    private let pollThread: PollThread
    /// librdkafka's main queue (where `rd_kafka_poll` serves delivery reports from); used to
    /// cut short the poll thread's wait when a flush takes over.
    private nonisolated(unsafe) let mainQueue: OpaquePointer
    private let closed = Atomic<Bool>(false)
    /// Records handed over by ``enqueue(_:)``; every ``inlinePollEvery``-th serves delivery reports.
    private let enqueued = Atomic<UInt>(0)
    /// Lets the poll thread step aside while ``enqueue(_:)`` serves delivery reports itself.
    private let inlinePolling: InlinePollCoordinator
    private let logger: Logger
    /// librdkafka's latest statistics (needs ``KafkaClientConfiguration/statisticsInterval``).
    public let statistics: KafkaStatisticsReporter

    /// Creates a producer; invalid configuration is rejected with the property name and reason.
    /// - Parameters:
    ///   - configuration: producer settings.
    ///   - logger: receives librdkafka's logs.
    public init(configuration: KafkaProducerConfiguration, logger: Logger = Logger(label: "kafka.producer")) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        let ledger = DeliveryLedger()
        self.ledger = ledger
        self.statistics = KafkaStatisticsReporter(clientID: configuration.client.clientID)
        let context = RDKafkaClientContext(logger: logger, statistics: statistics, deliveries: ledger)
        let client = try RDKafkaClient.make(
            type: .producer, properties: configuration.librdkafkaProperties, origins: configuration.client.propertyOrigins, context: context
        ) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf, rdKafkaDeliveryCallback)
        }
        self.client = client
        self.topics = TopicHandleCache(client: client)
        self.mainQueue = rd_kafka_queue_get_main(client.handle)
        let timeout = configuration.pollInterval.timeoutMilliseconds
        let inlinePolling = InlinePollCoordinator()
        self.inlinePolling = inlinePolling
        self.pollThread = PollThread(name: "kafka-producer-poll") {
            // While `enqueue` serves reports on the producing thread (a bulk load), stay out of
            // its way: reports freed on the thread that allocated the records keep malloc's
            // per-thread caches hot and avoid lock contention. Otherwise serve them here.
            if inlinePolling.takeServedInline() {
                inlinePolling.pause(microseconds: KafkaProducer.inlineBackoffMicroseconds)
                return
            }
            // `rd_kafka_flush` serves reports itself, in a loop that blocks up to 10 ms at a time:
            // a second thread taking the last report from it would hold the flush up for that long.
            if inlinePolling.isFlushing {
                inlinePolling.pause(microseconds: KafkaProducer.inlineBackoffMicroseconds)
                ledger.signalSpace()  // reports the flush served may have made room for waiting tasks
                return
            }
            if rd_kafka_poll(client.handle, timeout) > 0 { ledger.signalSpace() }
        }
    }

    deinit {
        rd_kafka_queue_destroy(mainQueue)
    }

    /// Sends one record and returns once the broker acknowledged it.
    /// - Parameter record: the record.
    /// - Returns: where the record was stored.
    /// - Throws: ``KafkaError`` when it could not be delivered (the record is then not in the log,
    ///   unless the error ``KafkaError/isTimeout`` — then its fate is unknown and an idempotent retry is safe).
    public func send(_ record: KafkaProducerRecord) async throws(KafkaError) -> DeliveryReport {
        var record = record
        if configuration.propagatesServiceContext { record.injectServiceContext() }
        while true {
            let generation = ledger.generation
            let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<DeliveryReport, KafkaError>, Never>) in
                let completion = Unmanaged.passRetained(SingleDelivery(continuation) as DeliveryCompletion)
                let err = produce(record, opaque: completion.toOpaque())
                if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                    completion.release()
                    continuation.resume(returning: .failure(produceError(err, record: record)))
                }
            }
            if case .failure(let error) = result, error.code == RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue {
                guard await waitForRoom(after: generation) else { throw Self.cancelledWhileQueueFull(record) }
                continue
            }
            return try result.get()
        }
    }

    /// Sends many records and waits for all their delivery reports.
    /// - Parameter records: the records, sent in order.
    /// - Returns: one result per record, in the same order.
    public func send(contentsOf records: [KafkaProducerRecord]) async throws(KafkaError) -> [Result<DeliveryReport, KafkaError>] {
        guard !records.isEmpty else { return [] }
        let batch = BatchDelivery(count: records.count)
        let context = configuration.propagatesServiceContext ? ServiceContext.current : nil
        for (index, original) in records.enumerated() {
            var record = original
            if context != nil { record.injectServiceContext(context) }
            while true {
                let generation = ledger.generation
                let completion = Unmanaged.passRetained(BatchSlotDelivery(batch: batch, index: index) as DeliveryCompletion)
                let err = produce(record, opaque: completion.toOpaque())
                if err == RD_KAFKA_RESP_ERR_NO_ERROR { break }
                completion.release()
                if err == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                    if await waitForRoom(after: generation) { continue }
                    batch.complete(index: index, .failure(Self.cancelledWhileQueueFull(record)))
                    break
                }
                batch.complete(index: index, .failure(produceError(err, record: record)))
                break
            }
        }
        return await batch.wait()
    }

    /// Hands a record to librdkafka without waiting for its acknowledgement.
    ///
    /// Suspends (without spinning) while librdkafka's queue is full. Failures are
    /// counted and reported by ``flush(timeout:)``.
    /// - Parameter record: the record.
    @inlinable
    public nonisolated(nonsending) func enqueue(_ record: KafkaProducerRecord) async throws(KafkaError) {
        // Inlined into the caller: when librdkafka's queue has room (the usual case) this is a
        // plain synchronous call — no async frame allocated, no executor switch, and (see
        // `KafkaProducerRecord`'s layout) no copy of the record per message.
        if try enqueueIfRoom(record) { return }
        try await enqueueWaitingForRoom(record)
    }

    /// Produces `record` unless librdkafka's queue is full (then returns `false`).
    @usableFromInline
    func enqueueIfRoom(_ record: KafkaProducerRecord) throws(KafkaError) -> Bool {
        try enqueueIfRoom(topic: record.topic, partition: record.partition, key: record.key, value: record.value, extras: record.extras)
    }

    /// Hands a record given by its parts to librdkafka without waiting for its acknowledgement:
    /// ``enqueue(_:)`` for the common high-volume shape (no headers, librdkafka's timestamp),
    /// without building a ``KafkaProducerRecord`` (the arrays are only borrowed, not retained).
    ///
    /// Suspends (without spinning) while librdkafka's queue is full. Failures are counted and
    /// reported by ``flush(timeout:)``.
    /// - Parameters:
    ///   - topic: destination topic.
    ///   - partition: explicit partition, or `nil` to let the partitioner choose from the key.
    ///   - key: key bytes.
    ///   - value: value bytes (copied by librdkafka).
    @inlinable
    public nonisolated(nonsending) func enqueue(
        topic: String, partition: Int32? = nil, key: [UInt8]? = nil, value: [UInt8]
    ) async throws(KafkaError) {
        if try enqueueIfRoom(topic: topic, partition: partition, key: key, value: value, extras: nil) { return }
        try await enqueueWaitingForRoom(KafkaProducerRecord(topic: topic, partition: partition, key: key, value: value))
    }

    /// ``enqueueIfRoom(_:)`` for a record given by its parts.
    @usableFromInline
    func enqueueIfRoom(
        topic: String, partition: Int32?, key: [UInt8]?, value: [UInt8], extras: KafkaProducerRecord.Extras?
    ) throws(KafkaError) -> Bool {
        let err = produce(topic: topic, partition: partition, key: key, value: value, extras: extras, opaque: nil)
        if err == RD_KAFKA_RESP_ERR_NO_ERROR {
            countEnqueued()
            return true
        }
        if err == RD_KAFKA_RESP_ERR__QUEUE_FULL { return false }
        throw produceError(err, topic: topic)
    }

    /// Counts a record handed over by `enqueue`; every ``inlinePollEvery``-th serves delivery reports.
    @inline(__always)
    private func countEnqueued() {
        // A plain load and store, not an atomic increment (a locked instruction per message):
        // concurrent `enqueue` calls may lose a count, which only shifts when reports are served.
        let count = enqueued.load(ordering: .relaxed) &+ 1
        enqueued.store(count, ordering: .relaxed)
        if count % Self.inlinePollEvery == 0 { serveDeliveryReports() }
    }

    /// How many ``enqueue(_:)`` calls between two non-blocking serves of delivery reports.
    static let inlinePollEvery: UInt = 1024
    /// How long the poll thread pauses after `enqueue` served reports itself.
    static let inlineBackoffMicroseconds = 2_000

    /// Serves the delivery reports that are ready, without blocking (`rd_kafka_poll(0)`).
    func serveDeliveryReports() {
        inlinePolling.markServedInline()
        if rd_kafka_poll(client.handle, 0) > 0 { ledger.signalSpace() }
    }

    /// The slow path of ``enqueue(_:)``: waits for room, then produces.
    @usableFromInline
    nonisolated(nonsending) func enqueueWaitingForRoom(_ record: KafkaProducerRecord) async throws(KafkaError) {
        while true {
            let generation = ledger.generation
            let err = produce(record, opaque: nil)
            if err == RD_KAFKA_RESP_ERR_NO_ERROR { return }
            if err == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                guard await waitForRoom(after: generation) else { throw Self.cancelledWhileQueueFull(record) }
                continue
            }
            throw produceError(err, record: record)
        }
    }

    /// Waits, without spinning, until delivery reports made room in librdkafka's full queue
    /// (the queue was full after `generation` was read): serves the reports that are ready here,
    /// else has the poll thread serve the next ones the moment they arrive and suspends.
    /// - Returns: `false` when the task was cancelled while waiting (the record was not handed over).
    private nonisolated(nonsending) func waitForRoom(after generation: UInt64) async -> Bool {
        if rd_kafka_poll(client.handle, 0) > 0 {
            ledger.signalSpace()
            return true
        }
        inlinePolling.wake()
        await ledger.waitForSpace(after: generation)
        return !Task.isCancelled
    }

    /// Waits until every enqueued record was acknowledged or failed.
    /// - Parameter timeout: how long to wait.
    /// - Returns: counts of records sent with ``enqueue(_:)`` since the previous flush.
    /// - Throws: ``KafkaError`` with kind `.timeout` when records are still outstanding.
    @discardableResult
    public func flush(timeout: Duration = .seconds(30)) async throws(KafkaError) -> DeliverySummary {
        inlinePolling.beginFlush()
        rd_kafka_queue_yield(mainQueue)  // a poll thread blocked in `rd_kafka_poll` returns and steps aside
        defer {
            inlinePolling.endFlush()
            ledger.signalSpace()  // flush served reports: wake tasks waiting for queue room
        }
        let client = self.client
        try await BlockingCalls.run { () throws(KafkaError) in
            let err = rd_kafka_flush(client.handle, timeout.timeoutMilliseconds)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let outstanding = rd_kafka_outq_len(client.handle)
                throw KafkaError(
                    code: err.rawValue, kind: .timeout, message: "flush timed out with \(outstanding) messages outstanding",
                    isRetriable: true)
            }
        }
        return ledger.takeSummary()
    }

    /// The number of messages and requests not yet acknowledged.
    public var outstandingCount: Int { Int(rd_kafka_outq_len(client.handle)) }

    /// Flushes, then stops the producer. Records still unacknowledged after `timeout` fail
    /// with a purge error (their `send` throws), so nothing is silently dropped.
    /// - Parameter timeout: how long to wait for outstanding acknowledgements.
    public func close(timeout: Duration = .seconds(30)) async {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        do {
            try await flush(timeout: timeout)
        } catch {
            logger.error("closing producer with unacknowledged messages", metadata: ["error": "\(error)"])
        }
        let client = self.client
        _ = try? await BlockingCalls.run { () throws(KafkaError) in
            rd_kafka_purge(client.handle, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
            rd_kafka_poll(client.handle, 0)
        }
        await pollThread.stop()
        ledger.signalSpace()  // a task still waiting for room retries, and gets `.closed`
    }

    // MARK: - Internals

    @inline(__always)
    private func produce(_ record: KafkaProducerRecord, opaque: UnsafeMutableRawPointer?) -> rd_kafka_resp_err_t {
        produce(
            topic: record.topic, partition: record.partition, key: record.key, value: record.value, extras: record.extras, opaque: opaque)
    }

    @inline(__always)
    private func produce(
        topic name: String, partition: Int32?, key: [UInt8]?, value: [UInt8], extras: KafkaProducerRecord.Extras?,
        opaque: UnsafeMutableRawPointer?
    ) -> rd_kafka_resp_err_t {
        if closed.load(ordering: .relaxed) { return RD_KAFKA_RESP_ERR__DESTROY }
        let topic = topics.handle(for: name)
        var headers: OpaquePointer? = nil
        var timestamp: Int64 = 0  // librdkafka: now
        if let extras {
            timestamp = extras.timestampMilliseconds ?? 0
            if !extras.headers.isEmpty { headers = Self.makeHeaders(extras.headers) }
        }
        let partition = partition ?? RD_KAFKA_PARTITION_UA
        let err = value.withUnsafeBytes { value in
            if let key {
                return key.withUnsafeBytes { key in
                    cartstream_produce(
                        client.handle, topic, partition, value.baseAddress, value.count, key.baseAddress, key.count, timestamp, headers,
                        opaque)
                }
            }
            return cartstream_produce(client.handle, topic, partition, value.baseAddress, value.count, nil, 0, timestamp, headers, opaque)
        }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR, let headers { rd_kafka_headers_destroy(headers) }
        return err
    }

    /// A librdkafka header list (owned by librdkafka once a produce call succeeds).
    private static func makeHeaders(_ list: [KafkaHeader]) -> OpaquePointer? {
        let headers = rd_kafka_headers_new(list.count)
        for header in list {
            if let value = header.value {
                value.withUnsafeBytes { _ = rd_kafka_header_add(headers, header.name, -1, $0.baseAddress, $0.count) }
            } else {
                _ = rd_kafka_header_add(headers, header.name, -1, nil, 0)
            }
        }
        return headers
    }

    /// A task cancelled while waiting for room in a full queue: the record was not handed over.
    static func cancelledWhileQueueFull(_ record: KafkaProducerRecord) -> KafkaError {
        KafkaError(
            code: RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue, kind: .delivery,
            message: "not produced to \(record.topic): the task was cancelled while the queue was full", isRetriable: true)
    }

    private func produceError(_ err: rd_kafka_resp_err_t, record: KafkaProducerRecord) -> KafkaError {
        produceError(err, topic: record.topic)
    }

    private func produceError(_ err: rd_kafka_resp_err_t, topic: String) -> KafkaError {
        if err == RD_KAFKA_RESP_ERR__DESTROY { return .closed("producer") }
        if let fatal = client.fatalError() { return fatal }
        return KafkaError.from(err, kind: .delivery, context: "cannot produce to \(topic)")
    }
}

extension KafkaProducer: Service {
    /// Runs until graceful shutdown, then flushes and closes.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }
}
