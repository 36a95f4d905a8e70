public import Logging

/// Reads a bounded range of one partition, without a consumer group: the tool for audit
/// trails, snapshot lookups and checks of a stored position.
///
/// The range ends at the high watermark taken when the read starts (or an earlier end), or
/// where the partition's readable end is reported first (the last stable offset for
/// `read_committed`), so a read always finishes. Reaching the end late is an error, never a silently short result:
/// the read throws a retriable `.timeout` naming the offset it got to.
public struct KafkaPartitionReader: Sendable {
    /// Settings of the short-lived consumer each read uses.
    public var configuration: KafkaConsumerConfiguration
    /// Receives librdkafka's logs.
    public var logger: Logger

    /// Creates a reader.
    /// - Parameters:
    ///   - client: connection settings.
    ///   - clientIDSuffix: appended to the client id (`<id>-<suffix>`), to tell readers apart in broker logs.
    ///   - prefetchMessages: librdkafka's `queued.min.messages` for each read.
    ///   - logger: receives librdkafka's logs.
    public init(client: KafkaClientConfiguration, clientIDSuffix: String = "reader", prefetchMessages: Int = 10_000, logger: Logger) {
        var configuration = KafkaConsumerConfiguration(client: client, groupID: nil)
        configuration.client.clientID = "\(client.clientID)-\(clientIDSuffix)"
        configuration.prefetchMessages = prefetchMessages
        configuration.autoOffsetReset = .error  // a start below the log start must not silently move
        configuration.reportPartitionEOF = true  // the readable end can lie below the high watermark
        self.configuration = configuration
        self.logger = logger
    }

    /// Calls `body` with each message of `partition` in `start..<end`, in offset order, until
    /// `body` returns `false` or the range is read.
    /// - Parameters:
    ///   - partition: the partition.
    ///   - start: the first offset; `nil` is the log start.
    ///   - end: the offset to stop before; `nil` (or anything beyond it) is the high watermark now.
    ///   - timeout: how long the whole read may take.
    ///   - body: receives each message; returns whether to go on.
    /// - Returns: the partition's watermarks when the read began.
    @discardableResult
    public func read(
        _ partition: TopicPartition, from start: Int64? = nil, upTo end: Int64? = nil, timeout: Duration = .seconds(30),
        _ body: (KafkaMessage) -> Bool
    ) async throws(KafkaError) -> KafkaWatermarks {
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        do {
            let marks = try await consumer.watermarks(partition)
            try await read(
                partition, consumer: consumer, from: max(start ?? marks.low, marks.low), upTo: min(end ?? marks.high, marks.high),
                timeout: timeout, body)
            await consumer.close()
            return marks
        } catch {
            await consumer.close()
            throw error
        }
    }

    /// The first message of `partition` at or after `offset` and before `end` (records can be
    /// missing where the log was compacted or holds transaction markers), or `nil`.
    public func firstMessage(
        in partition: TopicPartition, atOrAfter offset: Int64, before end: Int64? = nil, timeout: Duration = .seconds(10)
    ) async throws(KafkaError) -> KafkaMessage? {
        var found: KafkaMessage?
        try await read(partition, from: offset, upTo: end, timeout: timeout) { message in
            found = message
            return false
        }
        return found
    }

    private func read(
        _ partition: TopicPartition, consumer: KafkaConsumer, from first: Int64, upTo last: Int64, timeout: Duration,
        _ body: (KafkaMessage) -> Bool
    ) async throws(KafkaError) {
        guard first < last else { return }
        try consumer.assign([TopicPartitionOffset(partition, .offset(first))])
        let deadline = ContinuousClock.now + timeout
        var position = first
        while position < last {
            guard ContinuousClock.now < deadline else {
                throw KafkaError(
                    code: 0, kind: .timeout,
                    message: "reading \(partition) \(first)..<\(last) got only to offset \(position) within \(timeout)", isRetriable: true)
            }
            let batch = try await consumer.pollBatch(maxMessages: 1000, timeout: .milliseconds(200))
            for view in batch where view.partition == partition.partition {
                guard view.offset < last else { return }
                position = view.offset + 1
                if !body(view.message) { return }
            }
            // The readable end, reported after every message before it: with read_committed the
            // last stable offset (below the high watermark while a transaction is open), or a
            // compacted tail. Nothing more can be read in the range.
            if batch.partitionEnds[partition] != nil { return }
            // Compaction and transaction markers leave offsets without a message: trust the position.
            if position < last, let current = try consumer.positions([partition])[partition] ?? nil, current >= last { return }
        }
    }
}
