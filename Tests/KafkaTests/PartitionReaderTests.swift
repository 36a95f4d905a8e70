import Foundation
import Kafka
import Testing

@Suite("Partition reader")
struct PartitionReaderTests {
    @Test("reads exactly a range, stops when asked, finds the first record at an offset, and clamps to the log")
    func readsRanges() async throws {
        let cluster = try TestCluster()
        let topic = try await cluster.topic(partitions: 1)
        let producer = try cluster.producer()
        let records = (0..<25).map { KafkaProducerRecord(topic: topic, partition: 0, key: "k\($0 % 3)".bytes, value: "v\($0)".bytes) }
        for result in try await producer.send(contentsOf: records) { _ = try result.get() }
        let partition = TopicPartition(topic, 0)
        let reader = KafkaPartitionReader(client: cluster.clientConfiguration, logger: cluster.logger)

        var all: [String] = []
        let marks = try await reader.read(partition) {
            all.append($0.valueString ?? "")
            return true
        }
        #expect(marks.low == 0 && marks.high == 25)
        #expect(all == (0..<25).map { "v\($0)" })

        var middle: [Int64] = []
        try await reader.read(partition, from: 10, upTo: 14) {
            middle.append($0.offset)
            return true
        }
        #expect(middle == [10, 11, 12, 13])

        var firstThree: [Int64] = []
        try await reader.read(partition) {
            firstThree.append($0.offset)
            return firstThree.count < 3
        }
        #expect(firstThree == [0, 1, 2])

        #expect(try await reader.firstMessage(in: partition, atOrAfter: 7)?.valueString == "v7")
        #expect(try await reader.firstMessage(in: partition, atOrAfter: 25) == nil, "nothing at the high watermark")

        var clamped: [Int64] = []
        try await reader.read(partition, from: 23, upTo: 1_000) {
            clamped.append($0.offset)
            return true
        }
        #expect(clamped == [23, 24], "the range ends at the high watermark taken when the read began")
        await producer.close()
    }

    @Test(
        "a read that cannot reach its end throws a retriable timeout instead of returning a short result",
        .enabled(if: TestCluster.usesMock, "needs the mock cluster's fault injection"), .timeLimit(.minutes(1)))
    func shortReadIsAnError() async throws {
        let cluster = try TestCluster()
        let topic = try await cluster.topic(partitions: 1)
        let producer = try cluster.producer()
        let records = (0..<10).map { KafkaProducerRecord(topic: topic, partition: 0, value: "v\($0)".bytes) }
        for result in try await producer.send(contentsOf: records) { _ = try result.get() }
        // Every Fetch fails (NOT_LEADER_OR_FOLLOWER, retried by librdkafka) while ListOffsets still answers:
        // the reader knows the range but cannot get the records.
        try cluster.cluster.pushRequestErrors(apiKey: 1, errors: Array(repeating: 6, count: 500))
        let reader = KafkaPartitionReader(client: cluster.clientConfiguration, logger: cluster.logger)
        var seen = 0
        var failure: KafkaError?
        do {
            try await reader.read(TopicPartition(topic, 0), timeout: .seconds(3)) { _ in
                seen += 1
                return true
            }
        } catch {
            failure = error
        }
        let error = try #require(failure, "read \(seen) of 10 records and returned without an error")
        #expect(seen < 10)
        #expect(error.isRetriable && error.kind == .timeout, "\(error)")
        #expect(error.message.contains("got only to offset"), "\(error.message)")
        await producer.close()
    }
}
