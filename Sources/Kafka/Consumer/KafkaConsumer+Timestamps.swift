import CRdKafka
import Logging

extension KafkaConsumer {
    /// The earliest offset in `partition` whose message timestamp is at or after `timestampMilliseconds`
    /// (the log end when every message is older).
    ///
    /// The broker's answer (ListOffsets by time) is checked against the timestamps of the
    /// messages around it; when it is wrong — librdkafka 2.0.2's mock cluster always answers
    /// with the log end — the offset is found by a binary search over the partition's messages
    /// (timestamps assumed non-decreasing within a partition, as with one producer or LogAppendTime).
    /// - Parameters:
    ///   - timestampMilliseconds: milliseconds since 1970.
    ///   - partition: the partition.
    ///   - timeout: how long each broker request may take.
    public func offset(
        forTimestamp timestampMilliseconds: Int64, in partition: TopicPartition, timeout: Duration = .seconds(10)
    ) async throws(KafkaError) -> Int64 {
        let client = self.client
        let configuration = self.configuration
        let logger = self.logger
        return try await BlockingCalls.run { () throws(KafkaError) in
            let marks = try client.queryWatermarks(partition, timeout: timeout)
            let brokerAnswer = try client.offsetForTimes(timestampMilliseconds, partition: partition, timeout: timeout) ?? marks.high
            let probe = try TimestampProbe(configuration: configuration, partition: partition, timeout: timeout)
            if try probe.verify(answer: brokerAnswer, timestamp: timestampMilliseconds, watermarks: marks) {
                return brokerAnswer
            }
            logger.notice(
                "broker's offset-for-timestamp answer failed verification; searching",
                metadata: ["kafka.partition": "\(partition)", "kafka.offset": "\(brokerAnswer)"])
            return try probe.search(timestamp: timestampMilliseconds, watermarks: marks)
        }
    }

    /// Moves an assigned partition to the first message at or after a time.
    /// - Parameters:
    ///   - partition: an assigned partition.
    ///   - timestampMilliseconds: milliseconds since 1970.
    /// - Returns: the offset sought to.
    @discardableResult
    public func seek(_ partition: TopicPartition, toTimestamp timestampMilliseconds: Int64) async throws(KafkaError) -> Int64 {
        let offset = try await offset(forTimestamp: timestampMilliseconds, in: partition)
        try await seek([TopicPartitionOffset(partition, .offset(offset))])
        return offset
    }
}

extension RDKafkaClient {
    /// The broker's ListOffsets-by-time answer; `nil` when the broker says there is no such message.
    func offsetForTimes(_ timestamp: Int64, partition: TopicPartition, timeout: Duration) throws(KafkaError) -> Int64? {
        let list = RDKafkaPartitionList.make([TopicPartitionOffset(partition, .offset(timestamp))])
        defer { rd_kafka_topic_partition_list_destroy(list) }
        let err = rd_kafka_offsets_for_times(handle, list, timeout.timeoutMilliseconds)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(err, context: "offsets for times") }
        if let error = RDKafkaPartitionList.firstError(list, context: "offsets for times") { throw error }
        let offset = RDKafkaPartitionList.entries(list).first?.offset ?? -1
        return offset >= 0 ? offset : nil
    }
}

/// Reads single messages at chosen offsets of one partition, with a private assign-only consumer.
struct TimestampProbe {
    let consumer: KafkaConsumer
    let partition: TopicPartition
    let timeout: Duration

    init(configuration: KafkaConsumerConfiguration, partition: TopicPartition, timeout: Duration) throws(KafkaError) {
        var probeConfiguration = KafkaConsumerConfiguration(client: configuration.client, groupID: nil)
        probeConfiguration.client.clientID = configuration.client.clientID + "-timestamp-probe"
        probeConfiguration.client.statisticsInterval = nil
        probeConfiguration.isolationLevel = configuration.isolationLevel
        probeConfiguration.maxBatchSize = 1
        consumer = try KafkaConsumer(configuration: probeConfiguration, logger: .init(label: "kafka.timestamp-probe"))
        self.partition = partition
        self.timeout = timeout
    }

    /// The first message at or after `offset` (offset and timestamp), or `nil` at the log end.
    func firstMessage(atOrAfter offset: Int64, high: Int64) throws(KafkaError) -> (offset: Int64, timestamp: Int64)? {
        guard offset < high else { return nil }
        try consumer.assign([TopicPartitionOffset(partition, .offset(offset))])
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            for message in try consumer.pollBlocking(limit: 1, timeoutMilliseconds: 100)
            where message.topicPartition == partition && message.offset >= offset {
                return (message.offset, message.timestampMilliseconds ?? 0)
            }
        }
        return nil  // only control records (transaction markers) up to the end
    }

    /// Whether `answer` is the earliest offset with a timestamp at or after `timestamp`.
    func verify(answer: Int64, timestamp: Int64, watermarks: KafkaWatermarks) throws(KafkaError) -> Bool {
        guard watermarks.contains(nextOffset: answer) else { return false }
        if let atAnswer = try firstMessage(atOrAfter: answer, high: watermarks.high), atAnswer.timestamp < timestamp {
            return false
        }
        if answer > watermarks.low, let before = try firstMessage(atOrAfter: answer - 1, high: watermarks.high),
            before.offset < answer, before.timestamp >= timestamp
        {
            return false
        }
        return true
    }

    /// Binary search for the earliest offset at or after `timestamp`.
    func search(timestamp: Int64, watermarks: KafkaWatermarks) throws(KafkaError) -> Int64 {
        var low = watermarks.low
        var high = watermarks.high
        while low < high {
            let middle = low + (high - low) / 2
            guard let message = try firstMessage(atOrAfter: middle, high: watermarks.high) else {
                high = middle
                continue
            }
            if message.timestamp >= timestamp {
                high = middle
            } else {
                low = message.offset + 1
            }
        }
        return low
    }
}
