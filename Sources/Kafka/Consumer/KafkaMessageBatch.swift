import CRdKafka

/// Messages still owned by librdkafka, read without copying: the fast path for consumers
/// that process records in place (decode, checksum, write to a database).
///
/// The batch frees the underlying C messages when it is released; ``KafkaMessageView``s
/// keep it alive. Use ``KafkaMessageView/message`` to copy one out when it must outlive the batch.
public final class KafkaMessageBatch: RandomAccessCollection, @unchecked Sendable {
    // Immutable after init; the C messages are only read until deinit frees them.
    private let pointers: [UnsafeMutablePointer<rd_kafka_message_t>]
    private let topics: [String]

    init(pointers: [UnsafeMutablePointer<rd_kafka_message_t>], topics: [String]) {
        self.pointers = pointers
        self.topics = topics
    }

    deinit {
        for pointer in pointers { rd_kafka_message_destroy(pointer) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { pointers.count }

    public subscript(position: Int) -> KafkaMessageView {
        KafkaMessageView(batch: self, pointer: pointers[position], topic: topics[position])
    }
}

/// One message of a ``KafkaMessageBatch``: fields are read from librdkafka's memory on access.
public struct KafkaMessageView: @unchecked Sendable {
    let batch: KafkaMessageBatch
    let pointer: UnsafeMutablePointer<rd_kafka_message_t>

    /// The topic name.
    public let topic: String

    /// The partition.
    public var partition: Int32 { pointer.pointee.partition }

    /// The offset.
    public var offset: Int64 { pointer.pointee.offset }

    /// The value's length in bytes.
    public var valueCount: Int { pointer.pointee.len }

    /// The record timestamp in milliseconds since 1970, if any.
    public var timestampMilliseconds: Int64? {
        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(pointer, &type)
        return type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp
    }

    /// Calls `body` with the value bytes (valid only inside `body`).
    public func withUnsafeValue<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: pointer.pointee.payload, count: pointer.pointee.len))
    }

    /// Calls `body` with the key bytes, or `nil` when the record has no key.
    public func withUnsafeKey<R>(_ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        guard let key = pointer.pointee.key else { return try body(nil) }
        return try body(UnsafeRawBufferPointer(start: key, count: pointer.pointee.key_len))
    }

    /// The last header named `name`, copied.
    public func header(_ name: String) -> [UInt8]? {
        var headers: OpaquePointer?
        guard rd_kafka_message_headers(pointer, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR, let headers else { return nil }
        var value: UnsafeRawPointer?
        var size = 0
        guard rd_kafka_header_get_last(headers, name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR, let value else { return nil }
        return Array(UnsafeRawBufferPointer(start: value, count: size))
    }

    /// A copy as a ``KafkaMessage`` that outlives the batch.
    public var message: KafkaMessage { KafkaConsumer.makeMessage(pointer, topic: topic) }
}

extension KafkaConsumer {
    /// Like ``poll(maxMessages:timeout:)``, without copying: the messages stay in librdkafka's
    /// memory until the returned batch is released. The fastest way to consume.
    ///
    /// Already-fetched messages are taken on the calling task's thread without a thread hop
    /// (rebalance callbacks may then run there too); only waiting runs on a Dispatch thread.
    /// - Parameters:
    ///   - maxMessages: the most messages to return.
    ///   - timeout: the longest wait for a first message.
    public func pollBatch(maxMessages: Int? = nil, timeout: Duration? = nil) async throws(KafkaError) -> KafkaMessageBatch {
        if let error = pendingError.withLock({ error in defer { error = nil }; return error }) { throw error }
        guard !closed.load(ordering: .acquiring) else { throw KafkaError.closed("consumer") }
        let limit = max(1, maxMessages ?? configuration.maxBatchSize)
        let wait = (timeout ?? configuration.pollTimeout).timeoutMilliseconds
        return try await pollRawAsync(limit: limit, timeoutMilliseconds: wait)
    }

    /// One poll (blocking for up to `timeoutMilliseconds`; the caller holds `pollLock`) that keeps the C messages: errors are handled and freed, good messages kept.
    func pollRaw(limit: Int, timeoutMilliseconds: Int32) throws(KafkaError) -> KafkaMessageBatch {
        guard !closed.load(ordering: .acquiring) else { return KafkaMessageBatch(pointers: [], topics: []) }
        let generation = client.context.rebalanceGeneration.load(ordering: .acquiring)
        guard let first = rd_kafka_consumer_poll(client.handle, timeoutMilliseconds) else {
            return KafkaMessageBatch(pointers: [], topics: [])
        }
        var raw = [UnsafeMutablePointer<rd_kafka_message_t>?](repeating: nil, count: limit)
        raw[0] = first
        var count = 1
        if limit > 1 {
            let more = raw.withUnsafeMutableBufferPointer { rd_kafka_consume_batch_queue(queue, 0, $0.baseAddress! + 1, limit - 1) }
            if more > 0 { count += more }
        }
        var kept: [UnsafeMutablePointer<rd_kafka_message_t>] = []
        var topics: [String] = []
        kept.reserveCapacity(count)
        topics.reserveCapacity(count)
        var topicCache: (OpaquePointer?, String) = (nil, "")
        var failure: KafkaError?
        for case let pointer? in raw[0..<count] {
            if pointer.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                if let error = handleMessageError(pointer), failure == nil { failure = error }
                rd_kafka_message_destroy(pointer)
                continue
            }
            if pointer.pointee.rkt != topicCache.0 {
                topicCache = (pointer.pointee.rkt, String(cString: rd_kafka_topic_name(pointer.pointee.rkt)))
            }
            kept.append(pointer)
            topics.append(topicCache.1)
        }
        if client.context.rebalanceGeneration.load(ordering: .acquiring) != generation, let owned = try? Set(assignment()) {
            var filtered: [UnsafeMutablePointer<rd_kafka_message_t>] = []
            var filteredTopics: [String] = []
            for (pointer, topic) in zip(kept, topics) {
                if owned.contains(TopicPartition(topic, pointer.pointee.partition)) {
                    filtered.append(pointer)
                    filteredTopics.append(topic)
                } else {
                    rd_kafka_message_destroy(pointer)
                }
            }
            (kept, topics) = (filtered, filteredTopics)
        }
        if let failure {
            if kept.isEmpty { throw failure }
            pendingError.withLock { $0 = failure }
        }
        return KafkaMessageBatch(pointers: kept, topics: topics)
    }
}
