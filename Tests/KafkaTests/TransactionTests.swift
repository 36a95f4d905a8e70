import Foundation
import Kafka
import Testing

@Suite("Transactions")
struct TransactionTests {
    @Test("read_committed sees committed transactions only; aborted records stay invisible")
    func readCommitted() async throws {
        let cluster = try TestCluster()
        let topic = try await cluster.topic(partitions: 1)
        let producer = try cluster.producer(transactionalID: "tx-\(UUID().uuidString.prefix(6))")
        try await producer.initTransactions()

        try producer.beginTransaction()
        _ = try await producer.send(contentsOf: ["a1", "a2"].map { KafkaProducerRecord(topic: topic, key: "k", value: $0) })
        try await producer.abortTransaction()

        try await producer.withTransaction {
            _ = try await producer.send(contentsOf: ["c1", "c2"].map { KafkaProducerRecord(topic: topic, key: "k", value: $0) })
        }

        let committedReader = try cluster.consumer()
        try assignAll(committedReader, topic: topic, partitions: 1)
        let committed = try await collect(committedReader, count: 2)
        let extra = try await drain(committedReader, for: .milliseconds(500))
        let visible = (committed + extra).compactMap(\.valueString)
        #expect(visible.suffix(2) == ["c1", "c2"], "committed records must be visible, in order")
        // librdkafka 2.0.2's mock cluster writes no transaction markers (EndTxn only answers), so
        // read_committed cannot hide aborted records there; against a real broker this must hold.
        withKnownIssue("mock cluster: EndTxn writes no control records", isIntermittent: false) {
            #expect(visible == ["c1", "c2"])
        } when: {
            TestCluster.usesMock
        }

        var uncommittedConfiguration = cluster.consumerConfiguration()
        uncommittedConfiguration.isolationLevel = .readUncommitted
        let uncommittedReader = try KafkaConsumer(configuration: uncommittedConfiguration, logger: cluster.logger)
        try assignAll(uncommittedReader, topic: topic, partitions: 1)
        let all = try await collect(uncommittedReader, count: 4)
        #expect(all.map(\.valueString) == ["a1", "a2", "c1", "c2"])
        if !TestCluster.usesMock {
            // A real broker writes a commit/abort marker after each transaction, taking an offset each.
            #expect(all.map(\.offset) == [0, 1, 3, 4])
        }
        await committedReader.close()
        await uncommittedReader.close()
        await producer.close()
    }

    @Test("consumer offsets sent inside a transaction commit with it")
    func offsetsInTransaction() async throws {
        let cluster = try TestCluster()
        let input = try await cluster.topic("in", partitions: 1)
        let output = try await cluster.topic("out", partitions: 1)
        let group = "tx-group-\(UUID().uuidString.prefix(6))"
        let seed = try cluster.producer()
        _ = try await seed.send(contentsOf: (0..<5).map { KafkaProducerRecord(topic: input, key: nil, value: "\($0)") })
        let consumer = try cluster.consumer(group: group)
        try consumer.assign([TopicPartitionOffset(TopicPartition(input, 0), .beginning)])
        let messages = try await collect(consumer, count: 5)
        let producer = try cluster.producer(transactionalID: "ctp-\(UUID().uuidString.prefix(6))")
        try await producer.initTransactions()
        try await producer.withTransaction {
            for message in messages { _ = try await producer.send(KafkaProducerRecord(topic: output, key: nil, value: message.value)) }
            try await producer.sendOffsetsToTransaction([TopicPartitionOffset(TopicPartition(input, 0), .offset(5))], consumer: consumer)
        }
        let outputConsumer = try cluster.consumer()
        try assignAll(outputConsumer, topic: output, partitions: 1)
        #expect(try await collect(outputConsumer, count: 5).count == 5)
        await outputConsumer.close()
        let committed = try await consumer.committed([TopicPartition(input, 0)])
        // The mock answers TxnOffsetCommit without storing the offsets; a real broker stores them.
        withKnownIssue("mock cluster: TxnOffsetCommit does not store offsets", isIntermittent: false) {
            #expect(committed[TopicPartition(input, 0)] == 5)
        } when: {
            TestCluster.usesMock
        }
        await consumer.close()
        await producer.close()
        await seed.close()
    }
}
