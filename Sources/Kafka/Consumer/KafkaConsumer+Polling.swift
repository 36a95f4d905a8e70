import CRdKafka
import Foundation
import Logging
import Synchronization

extension KafkaConsumer {
    /// Reads up to `maxMessages` messages, waiting at most `timeout` for the first one.
    ///
    /// Returns as soon as at least one message is there (with whatever else is already
    /// fetched, up to the limit), or an empty array after `timeout`. Rebalances are served here.
    ///
    /// When messages are already fetched they are taken without a thread hop, on the calling
    /// task's thread (a non-blocking librdkafka call); rebalance callbacks (and a
    /// ``KafkaRebalanceListener``) may then run on that thread too. Only a wait for the first
    /// message runs on the consumer's Dispatch queue.
    /// - Parameters:
    ///   - maxMessages: the most messages to return (default ``KafkaConsumerConfiguration/maxBatchSize``).
    ///   - timeout: the longest wait for a first message (default ``KafkaConsumerConfiguration/pollTimeout``).
    /// - Throws: ``KafkaError`` for fatal errors, and `offsetOutOfRange` when a partition's position is
    ///   no longer in the log and `auto.offset.reset` is `error`.
    public func poll(maxMessages: Int? = nil, timeout: Duration? = nil) async throws(KafkaError) -> [KafkaMessage] {
        if let error = pendingError.withLock({ error in
            defer { error = nil }
            return error
        }) {
            throw error
        }
        guard !closed.load(ordering: .acquiring) else { throw KafkaError.closed("consumer") }
        let limit = max(1, maxMessages ?? configuration.maxBatchSize)
        let wait = (timeout ?? configuration.pollTimeout).timeoutMilliseconds
        return try await pollRawAsync(limit: limit, timeoutMilliseconds: wait).map(\.message)
    }

    /// One blocking poll (on the current thread): wait for a first message, then drain what
    /// is already fetched; copies the messages out.
    func pollBlocking(limit: Int, timeoutMilliseconds: Int32) throws(KafkaError) -> [KafkaMessage] {
        lockPoll()
        defer { unlockPoll() }
        return try pollRaw(limit: limit, timeoutMilliseconds: timeoutMilliseconds).map(\.message)
    }

    /// Polls without blocking Swift's cooperative pool.
    ///
    /// Fast path: a non-blocking poll (timeout 0) on the calling thread, which is enough when
    /// librdkafka has already fetched messages — no thread hop, no continuation. Only when
    /// nothing is there (and `timeoutMilliseconds` > 0) does it wait on `pollQueue`, a
    /// Dispatch thread. Both paths hold `pollLock`, so polls never overlap each other or `close`.
    func pollRawAsync(limit: Int, timeoutMilliseconds wait: Int32) async throws(KafkaError) -> KafkaMessageBatch {
        if tryLockPoll() {
            let batch: KafkaMessageBatch
            do {
                defer { unlockPoll() }
                batch = try pollRaw(limit: limit, timeoutMilliseconds: 0)
            }
            if !batch.isEmpty || wait == 0 { return batch }
        }
        return try await BlockingCalls.run(on: pollQueue) { () throws(KafkaError) in
            self.lockPoll()
            defer { self.unlockPoll() }
            return try self.pollRaw(limit: limit, timeoutMilliseconds: wait)
        }
    }

    func tryLockPoll() -> Bool {
        pollLock.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    /// Takes `pollLock` on a thread that may block (never the cooperative pool). The holder is
    /// either a non-blocking fast-path poll or `close`, so this waits briefly.
    func lockPoll() {
        var attempts = 0
        while !tryLockPoll() {
            attempts += 1
            if attempts < 100 { sched_yield() } else { usleep(100) }
        }
    }

    func unlockPoll() { pollLock.store(false, ordering: .releasing) }

    /// Turns an error message into an event (non-fatal) or an error to throw.
    func handleMessageError(_ pointer: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaError? {
        let err = pointer.pointee.err
        let partition = pointer.pointee.rkt.map { TopicPartition(String(cString: rd_kafka_topic_name($0)), pointer.pointee.partition) }
        switch err {
        case RD_KAFKA_RESP_ERR__PARTITION_EOF:
            if let partition { yield(.partitionEOF(partition, offset: pointer.pointee.offset)) }
            return nil
        case RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET, RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE:
            let detail = String(cString: rd_kafka_message_errstr(pointer))
            let location = partition?.description ?? "partition"
            let error = KafkaError(
                code: err.rawValue, kind: .offsetOutOfRange(partition ?? TopicPartition("", -1)),
                message:
                    "offset out of range on \(location): \(detail). The stored position is outside the log (topic trimmed or recreated?)"
            )
            logger.critical("\(error)")
            return error
        default:
            if let fatal = client.fatalError() { return fatal }
            let error = KafkaError.from(err, context: String(cString: rd_kafka_message_errstr(pointer)))
            if Self.stopsDelivery(err) {
                // librdkafka stops fetching the partition (or the group) after these and only says so
                // once: thrown, or the caller would wait for messages that never come.
                logger.error("consumer error that stops delivery: \(error)")
                yield(.error(error))
                return error
            }
            logger.warning("consumer error: \(error)")
            yield(.error(error))
            return nil
        }
    }

    /// Errors after which librdkafka delivers nothing more for the partition or the group until
    /// something changes: failed committed-offset fetches (`GROUP_ID_NOT_FOUND` from some brokers for
    /// a group that never committed), authorization and authentication failures. Transport errors,
    /// leader changes and the like are retried by librdkafka and stay events.
    static func stopsDelivery(_ err: rd_kafka_resp_err_t) -> Bool {
        switch err {
        case RD_KAFKA_RESP_ERR_GROUP_ID_NOT_FOUND, RD_KAFKA_RESP_ERR_INVALID_GROUP_ID,
            RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED,
            RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED,
            RD_KAFKA_RESP_ERR__AUTHENTICATION, RD_KAFKA_RESP_ERR_UNSUPPORTED_SASL_MECHANISM,
            RD_KAFKA_RESP_ERR_ILLEGAL_SASL_STATE:
            true
        default:
            false
        }
    }

    /// Copies a C message into a Swift value.
    static func makeMessage(_ pointer: UnsafeMutablePointer<rd_kafka_message_t>, topic: String) -> KafkaMessage {
        let message = pointer.pointee
        var key: [UInt8]? = nil
        if let keyPointer = message.key {
            key = copyBytes(keyPointer, message.key_len)
        }
        let value = message.payload.map { copyBytes($0, message.len) } ?? []
        var headers: [KafkaHeader] = []
        var headerList: OpaquePointer?
        if rd_kafka_message_headers(pointer, &headerList) == RD_KAFKA_RESP_ERR_NO_ERROR, let headerList {
            var index = 0
            var name: UnsafePointer<CChar>?
            var valuePointer: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(headerList, index, &name, &valuePointer, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                let bytes = valuePointer.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
                headers.append(KafkaHeader(name: name.map { String(cString: $0) } ?? "", value: bytes))
                index += 1
            }
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(pointer, &timestampType)
        return KafkaMessage(
            topic: topic, partition: message.partition, offset: message.offset, key: key, value: value,
            headers: headers, timestampMilliseconds: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp)
    }

    /// Copies C bytes into a new array with one `memcpy` (no per-element sequence copy).
    @inline(__always)
    static func copyBytes(_ start: UnsafeRawPointer, _ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(start: start, count: count)) }
            initialized = count
        }
    }

    /// Messages as an async sequence; it ends when the consumer is closed or the task is cancelled.
    public var messages: KafkaMessageSequence { KafkaMessageSequence(consumer: self) }
}

/// An `AsyncSequence` of a consumer's messages, fetched in batches underneath.
public struct KafkaMessageSequence: AsyncSequence, Sendable {
    public typealias Element = KafkaMessage
    let consumer: KafkaConsumer

    /// The iterator: hands out the messages of a zero-copy batch, copying each one when it is
    /// reached (no intermediate array), and polls for the next batch when this one is used up.
    public struct AsyncIterator: AsyncIteratorProtocol {
        @usableFromInline let consumer: KafkaConsumer
        @usableFromInline var batch = KafkaMessageBatch()
        @usableFromInline var index = 0

        init(consumer: KafkaConsumer) { self.consumer = consumer }

        @inlinable
        public mutating func next() async throws -> KafkaMessage? {
            // Inlined: a message of the current batch is handed out without an async call.
            if index < batch.endIndex {
                defer { index += 1 }
                return batch[index].message
            }
            return try await nextBatch()
        }

        /// Polls until a batch with messages arrives; returns its first message.
        @usableFromInline
        mutating func nextBatch() async throws -> KafkaMessage? {
            while index >= batch.endIndex {
                if Task.isCancelled || consumer.closed.load(ordering: .acquiring) { return nil }
                batch = KafkaMessageBatch()  // frees the used-up C messages before waiting
                let result: Result<KafkaMessageBatch, KafkaError>
                do { result = .success(try await consumer.pollBatch()) } catch { result = .failure(error) }
                switch result {
                case .success(let next): batch = next
                case .failure(let error):
                    if error.kind == .closed { return nil }
                    throw error
                }
                index = 0
            }
            defer { index += 1 }
            return batch[index].message
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(consumer: consumer) }
}
