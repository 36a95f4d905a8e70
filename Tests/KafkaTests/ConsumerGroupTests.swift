import Foundation
import Kafka
import Synchronization
import Testing

@Suite("Consumer groups, commits and seeks")
struct ConsumerGroupTests {
    @Test(
        "two group members rebalance without losing or duplicating records",
        arguments: [
            KafkaConsumerConfiguration.AssignmentStrategy.cooperativeSticky, .range,
        ])
    func rebalanceWithoutLossOrDuplicates(strategy: KafkaConsumerConfiguration.AssignmentStrategy) async throws {
        let cluster = try TestCluster()
        let partitions: Int32 = 4
        let topic = try await cluster.topic(partitions: partitions)
        let group = "g-\(UUID().uuidString.prefix(6))"
        let producer = try cluster.producer()
        let total = 400
        var configuration = cluster.consumerConfiguration(group: group)
        configuration.assignmentStrategy = strategy
        // Offsets are stored after processing and committed by librdkafka, including at every
        // revocation, so a partition's new owner starts exactly after the last processed record.
        configuration.enableAutoCommit = true
        configuration.client.properties["auto.commit.interval.ms"] = "200"

        // First member alone consumes and commits the first half.
        let first = try KafkaConsumer(configuration: configuration, logger: cluster.logger)
        try first.subscribe([topic])
        _ = try await producer.send(contentsOf: (0..<total / 2).map { KafkaProducerRecord(topic: topic, key: "k\($0)", value: "\($0)") })
        var seen: [String: Int] = [:]
        func consume(_ consumer: KafkaConsumer, rounds: Int) async throws {
            for _ in 0..<rounds {
                for message in try await consumer.poll(maxMessages: 100, timeout: .milliseconds(100)) {
                    seen[message.valueString ?? "", default: 0] += 1
                    try consumer.store(after: message)
                }
            }
        }
        try await consume(first, rounds: 40)

        // A second member joins; once both own partitions, the second half is produced.
        let second = try KafkaConsumer(configuration: configuration, logger: cluster.logger)
        try second.subscribe([topic])
        let joinDeadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < joinDeadline {
            try await consume(first, rounds: 1)
            try await consume(second, rounds: 1)
            if try !first.assignment().isEmpty && !second.assignment().isEmpty { break }
        }
        _ = try await producer.send(
            contentsOf: (total / 2..<total).map { KafkaProducerRecord(topic: topic, key: "k\($0)", value: "\($0)") })
        let deadline = ContinuousClock.now + .seconds(30)
        while seen.count < total && ContinuousClock.now < deadline {
            try await consume(first, rounds: 1)
            try await consume(second, rounds: 1)
        }
        // Keep polling a little: nothing may arrive twice.
        try await consume(first, rounds: 3)
        try await consume(second, rounds: 3)
        let firstAssignment = try first.assignment()
        let secondAssignment = try second.assignment()
        #expect(seen.count == total, "missing \(total - seen.count) records")
        #expect(seen.values.allSatisfy { $0 == 1 }, "duplicates: \(seen.filter { $0.value > 1 }.keys.sorted())")
        #expect(!firstAssignment.isEmpty && !secondAssignment.isEmpty, "both members should own partitions")
        #expect(Set(firstAssignment).isDisjoint(with: secondAssignment))
        await first.close()
        await second.close()
        await producer.close()
    }

    @Test("a consumer resumes after its group's committed offsets")
    func commitAndResume() async throws {
        let cluster = try TestCluster()
        let topic = try await cluster.topic(partitions: 1)
        let group = "resume-\(UUID().uuidString.prefix(6))"
        let producer = try cluster.producer()
        _ = try await producer.send(contentsOf: (0..<10).map { KafkaProducerRecord(topic: topic, key: nil, value: "\($0)") })
        let first = try cluster.consumer(group: group)
        // The group has committed nothing yet: start explicitly at the beginning.
        try first.assign([TopicPartitionOffset(TopicPartition(topic, 0), .beginning)])
        let firstSix = Array(try await collect(first, count: 6).prefix(6))
        try await first.commit(after: try #require(firstSix.last))
        let committed = try await first.committed([TopicPartition(topic, 0)])
        #expect(committed[TopicPartition(topic, 0)] == 6)
        await first.close()

        let second = try cluster.consumer(group: group)
        try second.assign([TopicPartitionOffset(TopicPartition(topic, 0), .stored)])
        let rest = try await collect(second, count: 4)
        #expect(rest.map(\.valueString) == ["6", "7", "8", "9"])
        let admin = try KafkaAdmin(configuration: cluster.clientConfiguration)
        let fromAdmin = try await admin.committedOffsets(groupID: group, partitions: [TopicPartition(topic, 0)])
        #expect(fromAdmin[TopicPartition(topic, 0)] == 6)
        await second.close()
        await producer.close()
    }

    @Test("seek to an offset, the beginning, the end and a timestamp")
    func seeks() async throws {
        let cluster = try TestCluster(brokers: 1)
        let topic = try await cluster.topic(partitions: 1)
        let partition = TopicPartition(topic, 0)
        let producer = try cluster.producer()
        let base: Int64 = 1_750_000_000_000
        _ = try await producer.send(
            contentsOf: (0..<20).map {
                KafkaProducerRecord(topic: topic, partition: 0, value: "\($0)".bytes, timestampMilliseconds: base + Int64($0) * 1000)
            })
        let consumer = try cluster.consumer()
        try consumer.assign([TopicPartitionOffset(partition, .beginning)])
        #expect(try await collect(consumer, count: 20).count == 20)

        try await consumer.seek([TopicPartitionOffset(partition, .offset(15))])
        #expect(try await collect(consumer, count: 5).map(\.offset) == [15, 16, 17, 18, 19])

        try await consumer.seek([TopicPartitionOffset(partition, .beginning)])
        #expect(try await collect(consumer, count: 1).first?.offset == 0)

        try await consumer.seek([TopicPartitionOffset(partition, .end)])
        #expect(try await drain(consumer, for: .milliseconds(700)).isEmpty, "nothing is read after seeking to the end")
        _ = try await producer.send(KafkaProducerRecord(topic: topic, partition: 0, value: "late".bytes))
        #expect(try await collect(consumer, count: 1).first?.valueString == "late")

        // The mock answers a timestamp lookup with the end offset; ours verifies and searches.
        let atSeven = try await consumer.offset(forTimestamp: base + 7000, in: partition)
        #expect(atSeven == 7)
        let between = try await consumer.offset(forTimestamp: base + 7500, in: partition)
        #expect(between == 8)
        let beforeAll = try await consumer.offset(forTimestamp: 0, in: partition)
        #expect(beforeAll == 0)
        let sought = try await consumer.seek(partition, toTimestamp: base + 12_000)
        #expect(sought == 12)
        #expect(try await collect(consumer, count: 1).first?.valueString == "12")
        await consumer.close()
        await producer.close()
    }

    @Test("pause stops delivery until resume; watermarks and lag are reported")
    func pauseResumeWatermarksLag() async throws {
        let cluster = try TestCluster(brokers: 1)
        let topic = try await cluster.topic(partitions: 1)
        let partition = TopicPartition(topic, 0)
        let producer = try cluster.producer()
        _ = try await producer.send(contentsOf: (0..<10).map { KafkaProducerRecord(topic: topic, partition: 0, value: "\($0)".bytes) })
        let consumer = try cluster.consumer()
        try consumer.assign([TopicPartitionOffset(partition, .beginning)])
        let firstBatch = try await collect(consumer, count: 10)
        #expect(firstBatch.count == 10)
        let marks = try await consumer.watermarks(partition)
        #expect(marks == KafkaWatermarks(low: 0, high: 10))
        #expect(try await consumer.lag()[partition] == 0)

        try consumer.pause([partition])
        _ = try await producer.send(contentsOf: (10..<15).map { KafkaProducerRecord(topic: topic, partition: 0, value: "\($0)".bytes) })
        #expect(try await drain(consumer, for: .seconds(1)).isEmpty)
        #expect(try await consumer.lag()[partition] == 5)
        try consumer.resume([partition])
        #expect(try await collect(consumer, count: 5).map(\.offset) == [10, 11, 12, 13, 14])
        await consumer.close()
        await producer.close()
    }

    @Test("a position outside the log is reported loudly, not skipped")
    func offsetOutOfRangeIsLoud() async throws {
        let cluster = try TestCluster(brokers: 1)
        let topic = try await cluster.topic(partitions: 1)
        let producer = try cluster.producer()
        _ = try await producer.send(contentsOf: (0..<3).map { KafkaProducerRecord(topic: topic, partition: 0, value: "\($0)".bytes) })
        var configuration = cluster.consumerConfiguration()
        configuration.autoOffsetReset = .error
        let consumer = try KafkaConsumer(configuration: configuration, logger: cluster.logger)
        try consumer.assign([TopicPartitionOffset(TopicPartition(topic, 0), .offset(50))])
        var caught: KafkaError?
        let deadline = ContinuousClock.now + .seconds(15)
        while caught == nil && ContinuousClock.now < deadline {
            do { _ = try await consumer.poll(timeout: .milliseconds(200)) } catch { caught = error }
        }
        let error = try #require(caught)
        #expect(error.kind == .offsetOutOfRange(TopicPartition(topic, 0)))
        await consumer.close()
        await producer.close()
    }
}
