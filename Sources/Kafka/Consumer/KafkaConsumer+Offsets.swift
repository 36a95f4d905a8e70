import CRdKafka

extension KafkaConsumer {
    /// Commits offsets for the group and waits for the broker's answer.
    /// - Parameter offsets: offsets of the next messages to read; `nil` commits the stored offsets.
    public func commit(_ offsets: [TopicPartitionOffset]? = nil) async throws(KafkaError) {
        let client = self.client
        try await BlockingCalls.run { () throws(KafkaError) in
            try KafkaConsumer.commit(client: client, offsets: offsets, async: false)
        }
    }

    /// Commits offsets without waiting; failures are logged and reported on ``events``.
    /// - Parameter offsets: offsets of the next messages to read; `nil` commits the stored offsets.
    public func commitAsync(_ offsets: [TopicPartitionOffset]? = nil) throws(KafkaError) {
        try KafkaConsumer.commit(client: client, offsets: offsets, async: true)
    }

    /// Commits the position after `message` (its offset + 1) and waits.
    /// - Parameter message: the last message processed in its partition.
    public func commit(after message: KafkaMessage) async throws(KafkaError) {
        try await commit([TopicPartitionOffset(message.topicPartition, .offset(message.offset + 1))])
    }

    private static func commit(client: RDKafkaClient, offsets: [TopicPartitionOffset]?, async: Bool) throws(KafkaError) {
        let list = offsets.map { RDKafkaPartitionList.make($0) }
        defer { if let list { rd_kafka_topic_partition_list_destroy(list) } }
        let err = rd_kafka_commit(client.handle, list, async ? 1 : 0)
        if err == RD_KAFKA_RESP_ERR__NO_OFFSET { return }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(err, context: "commit") }
        if let list, let error = RDKafkaPartitionList.firstError(list, context: "commit") { throw error }
    }

    /// Stores the position after `message`, to be committed by the next commit (or auto commit).
    /// - Parameter message: a processed message.
    public func store(after message: KafkaMessage) throws(KafkaError) {
        try store([TopicPartitionOffset(message.topicPartition, .offset(message.offset + 1))])
    }

    /// Stores offsets locally for the next commit.
    /// - Parameter offsets: offsets of the next messages to read.
    public func store(_ offsets: [TopicPartitionOffset]) throws(KafkaError) {
        let list = RDKafkaPartitionList.make(offsets)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_offsets_store(client.handle, list)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(err, context: "store offsets") }
        if let error = RDKafkaPartitionList.firstError(list, context: "store offsets") { throw error }
    }

    /// The group's committed offsets for `partitions` (`nil` where nothing was committed).
    /// - Parameters:
    ///   - partitions: the partitions to ask about.
    ///   - timeout: how long to wait for the coordinator.
    public func committed(_ partitions: [TopicPartition], timeout: Duration = .seconds(10)) async throws(KafkaError) -> [TopicPartition:
        Int64?]
    {
        let client = self.client
        return try await BlockingCalls.run(timeout: timeout, operation: "committed offsets of \(partitions)") { () throws(KafkaError) in
            let list = RDKafkaPartitionList.make(partitions)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let err = rd_kafka_committed(client.handle, list, timeout.timeoutMilliseconds)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(err, context: "committed offsets") }
            var result: [TopicPartition: Int64?] = [:]
            for entry in RDKafkaPartitionList.entries(list) {
                result[entry.0] = entry.offset >= 0 ? entry.offset : nil
            }
            return result
        }
    }

    /// This consumer's current positions (the offset of the next message it will hand out).
    /// - Parameter partitions: assigned partitions.
    public func positions(_ partitions: [TopicPartition]) throws(KafkaError) -> [TopicPartition: Int64?] {
        let list = RDKafkaPartitionList.make(partitions)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_position(client.handle, list)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(err, context: "positions") }
        var result: [TopicPartition: Int64?] = [:]
        for entry in RDKafkaPartitionList.entries(list) { result[entry.0] = entry.offset >= 0 ? entry.offset : nil }
        return result
    }

    /// Asks the partition leader for the first (low) and next (high) offsets of a partition.
    /// - Parameters:
    ///   - partition: the partition.
    ///   - timeout: how long to wait; a `.timeout` error after it even when every broker is down.
    public func watermarks(_ partition: TopicPartition, timeout: Duration = .seconds(10)) async throws(KafkaError) -> KafkaWatermarks {
        let client = self.client
        return try await BlockingCalls.run(timeout: timeout, operation: "watermarks of \(partition)") { () throws(KafkaError) in
            try client.queryWatermarks(partition, timeout: timeout)
        }
    }

    /// The watermarks librdkafka last learnt from fetch responses for an assigned partition,
    /// without asking the broker (never blocks); `nil` before the first fetch answered.
    /// Good for lag metrics polled often; ``watermarks(_:timeout:)`` asks the leader.
    /// - Parameter partition: an assigned partition.
    public func cachedWatermarks(_ partition: TopicPartition) -> KafkaWatermarks? {
        var low: Int64 = -1
        var high: Int64 = -1
        let err = rd_kafka_get_watermark_offsets(client.handle, partition.topic, partition.partition, &low, &high)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0 else { return nil }
        return KafkaWatermarks(low: max(low, 0), high: high)
    }

    /// Messages between this consumer's position (or the group's committed offset) and each partition's end.
    /// - Parameter partitions: partitions; `nil` means the current assignment.
    public func lag(_ partitions: [TopicPartition]? = nil) async throws(KafkaError) -> [TopicPartition: Int64] {
        let targets: [TopicPartition]
        if let partitions { targets = partitions } else { targets = try assignment() }
        let positions = try self.positions(targets)
        let missing = targets.filter { (positions[$0] ?? nil) == nil }
        let committed = missing.isEmpty ? [:] : try await self.committed(missing)
        var result: [TopicPartition: Int64] = [:]
        for partition in targets {
            let marks = try await watermarks(partition)
            let position = (positions[partition] ?? nil) ?? (committed[partition] ?? nil) ?? marks.low
            result[partition] = max(0, marks.high - position)
        }
        return result
    }
}

/// The first and next offsets of a partition.
public struct KafkaWatermarks: Sendable, Hashable {
    /// The first offset still in the log (log start).
    public var low: Int64
    /// The offset the next message will get (log end).
    public var high: Int64

    /// Creates watermarks.
    /// - Parameters:
    ///   - low: log start.
    ///   - high: log end.
    public init(low: Int64, high: Int64) {
        self.low = low
        self.high = high
    }

    /// Whether `offset` (the next offset to read) lies within the log: `low ... high`.
    public func contains(nextOffset offset: Int64) -> Bool { offset >= low && offset <= high }
}

extension RDKafkaClient {
    /// Blocking watermark query against the leader.
    func queryWatermarks(_ partition: TopicPartition, timeout: Duration) throws(KafkaError) -> KafkaWatermarks {
        var low: Int64 = 0
        var high: Int64 = 0
        let err = rd_kafka_query_watermark_offsets(handle, partition.topic, partition.partition, &low, &high, timeout.timeoutMilliseconds)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(err, context: "watermarks of \(partition)") }
        return KafkaWatermarks(low: low, high: high)
    }
}
