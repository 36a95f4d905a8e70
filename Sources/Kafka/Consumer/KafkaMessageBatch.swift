public import CRdKafka
import Synchronization

/// Messages still owned by librdkafka, read without copying: the fast path for consumers
/// that process records in place (decode, checksum, write to a database).
///
/// The batch frees the underlying C messages when it is released; ``KafkaMessageView``s
/// keep it alive. Use ``KafkaMessageView/message`` to copy one out when it must outlive the batch.
public final class KafkaMessageBatch: RandomAccessCollection, @unchecked Sendable {
    // Immutable after init; the C messages are only read until deinit frees them.
    // One buffer that librdkafka filled directly (no per-poll arrays), and the topic name
    // once per distinct topic handle instead of one String per message.
    @usableFromInline let messages: UnsafeMutableBufferPointer<UnsafeMutablePointer<rd_kafka_message_t>>
    private let topicNames: [(handle: OpaquePointer?, name: String)]
    /// Partitions whose end this poll reached (needs `reportPartitionEOF`), with the end offset.
    /// In order with the messages: each end comes after the batch's messages of that partition.
    /// Empty when a rebalance happened during the poll (an end reported then may be stale).
    public let partitionEnds: [TopicPartition: Int64]

    /// Takes ownership of `messages` (allocated with `UnsafeMutableBufferPointer.allocate`, possibly
    /// larger than `count`) and of the first `count` C messages in it.
    init(
        messages: UnsafeMutableBufferPointer<UnsafeMutablePointer<rd_kafka_message_t>>, count: Int,
        topicNames: [(handle: OpaquePointer?, name: String)], partitionEnds: [TopicPartition: Int64] = [:]
    ) {
        self.messages = UnsafeMutableBufferPointer(rebasing: messages[0..<count])
        self.topicNames = topicNames
        self.partitionEnds = partitionEnds
    }

    /// An empty batch.
    @usableFromInline init() {
        self.messages = UnsafeMutableBufferPointer(start: nil, count: 0)
        self.topicNames = []
        self.partitionEnds = [:]
    }

    deinit {
        for pointer in messages { rd_kafka_message_destroy(pointer) }
        messages.deallocate()
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { messages.count }

    @inlinable public subscript(position: Int) -> KafkaMessageView {
        KafkaMessageView(batch: self, pointer: messages[position])
    }

    /// The name of the topic behind a message's topic handle.
    @usableFromInline func topicName(_ handle: OpaquePointer?) -> String {
        for entry in topicNames where entry.handle == handle { return entry.name }
        return handle.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
    }
}

/// One message of a ``KafkaMessageBatch``: fields are read from librdkafka's memory on access.
public struct KafkaMessageView: @unchecked Sendable {
    @usableFromInline let batch: KafkaMessageBatch
    @usableFromInline let pointer: UnsafeMutablePointer<rd_kafka_message_t>

    @inlinable init(batch: KafkaMessageBatch, pointer: UnsafeMutablePointer<rd_kafka_message_t>) {
        self.batch = batch
        self.pointer = pointer
    }

    /// The topic name.
    public var topic: String { batch.topicName(pointer.pointee.rkt) }

    /// The partition.
    @inlinable public var partition: Int32 { pointer.pointee.partition }

    /// The offset.
    @inlinable public var offset: Int64 { pointer.pointee.offset }

    /// The value's length in bytes.
    @inlinable public var valueCount: Int { pointer.pointee.len }

    /// The record timestamp in milliseconds since 1970, if any.
    public var timestampMilliseconds: Int64? {
        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(pointer, &type)
        return type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp
    }

    /// Calls `body` with the value bytes (valid only inside `body`).
    @inlinable public func withUnsafeValue<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: pointer.pointee.payload, count: pointer.pointee.len))
    }

    /// Calls `body` with the key bytes, or `nil` when the record has no key.
    @inlinable public func withUnsafeKey<R>(_ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
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
        if let error = pendingError.withLock({ error in
            defer { error = nil }
            return error
        }) {
            throw error
        }
        guard !closed.load(ordering: .acquiring) else { throw KafkaError.closed("consumer") }
        let limit = max(1, maxMessages ?? configuration.maxBatchSize)
        let wait = (timeout ?? configuration.pollTimeout).timeoutMilliseconds
        return try await pollRawAsync(limit: limit, timeoutMilliseconds: wait)
    }

    /// One poll (blocking for up to `timeoutMilliseconds`; the caller holds `pollLock`) that keeps the C messages: errors are handled and freed, good messages kept.
    func pollRaw(limit: Int, timeoutMilliseconds: Int32) throws(KafkaError) -> KafkaMessageBatch {
        guard !closed.load(ordering: .acquiring) else { return KafkaMessageBatch() }
        if let failure = client.context.authenticationFailure.withLock({ failure in
            defer { failure = nil }
            return failure
        }) {
            throw failure
        }
        let generation = client.context.rebalanceGeneration.load(ordering: .acquiring)
        guard let first = rd_kafka_consumer_poll(client.handle, timeoutMilliseconds) else { return KafkaMessageBatch() }
        // librdkafka writes the message pointers straight into the buffer the batch keeps.
        let raw = UnsafeMutableBufferPointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(capacity: limit)
        raw[0] = first
        var count = 1
        if limit > 1 {
            let more = rd_kafka_consume_batch_queue(queue, 0, raw.baseAddress! + 1, limit - 1)
            if more > 0 { count += more }
        }
        // Compact in place: error messages are handled and freed, good ones kept in order.
        var kept = 0
        var topicNames: [(handle: OpaquePointer?, name: String)] = []
        var failure: KafkaError?
        var ends: [TopicPartition: Int64] = [:]
        for index in 0..<count {
            let pointer = raw[index]!
            if pointer.pointee.err == RD_KAFKA_RESP_ERR__PARTITION_EOF, let handle = pointer.pointee.rkt {
                ends[TopicPartition(String(cString: rd_kafka_topic_name(handle)), pointer.pointee.partition)] = pointer.pointee.offset
            }
            if pointer.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                if let error = handleMessageError(pointer), failure == nil { failure = error }
                rd_kafka_message_destroy(pointer)
                continue
            }
            let handle = pointer.pointee.rkt
            if topicNames.last?.handle != handle, !topicNames.contains(where: { $0.handle == handle }) {
                topicNames.append((handle, handle.map { String(cString: rd_kafka_topic_name($0)) } ?? ""))
            }
            raw[kept] = pointer
            kept += 1
        }
        if client.context.rebalanceGeneration.load(ordering: .acquiring) != generation, let owned = try? Set(assignment()) {
            var filtered = 0
            for index in 0..<kept {
                let pointer = raw[index]!
                let topic = topicNames.first { $0.handle == pointer.pointee.rkt }?.name ?? ""
                if owned.contains(TopicPartition(topic, pointer.pointee.partition)) {
                    raw[filtered] = pointer
                    filtered += 1
                } else {
                    rd_kafka_message_destroy(pointer)
                }
            }
            kept = filtered
            ends = [:]
        }
        if let failure, kept == 0 {
            raw.deallocate()
            throw failure
        }
        if let failure { pendingError.withLock { $0 = failure } }
        // Every slot below `kept` is non-nil; Optional<pointer> and pointer share their layout.
        let messages = UnsafeMutableRawBufferPointer(raw).bindMemory(to: UnsafeMutablePointer<rd_kafka_message_t>.self)
        return KafkaMessageBatch(messages: messages, count: kept, topicNames: topicNames, partitionEnds: ends)
    }
}
