import Foundation
import Kafka
import Testing

@Suite("Producer and consumer round trips")
struct ProducerConsumerRoundTripTests {
    @Test("a record with key, headers and timestamp comes back identical")
    func roundTripWithKeyAndHeaders() async throws {
        let cluster = try TestCluster()
        let topic = try await cluster.topic(partitions: 3)
        let producer = try cluster.producer()
        let headers = [
            KafkaHeader(name: "ce_type", string: "cart.created"), KafkaHeader(name: "empty", value: nil),
            KafkaHeader(name: "bin", value: [0, 1, 255]),
        ]
        let timestamp: Int64 = 1_700_000_000_123
        let report = try await producer.send(
            KafkaProducerRecord(topic: topic, key: "cart-1".bytes, value: "hello".bytes, headers: headers, timestampMilliseconds: timestamp)
        )
        #expect(report.topic == topic)
        #expect(report.offset == 0)
        #expect(report.partition == KafkaPartitioner.partition(forKey: "cart-1".bytes, partitionCount: 3))

        let consumer = try cluster.consumer()
        try assignAll(consumer, topic: topic, partitions: 3)
        let messages = try await collect(consumer, count: 1)
        let message = try #require(messages.first)
        #expect(messages.count == 1)
        #expect(message.keyString == "cart-1")
        #expect(message.valueString == "hello")
        #expect(message.headers == headers)
        #expect(message.timestampMilliseconds == timestamp)
        #expect(message.partition == report.partition)
        #expect(message.offset == report.offset)
        await consumer.close()
        await producer.close()
    }

    @Test("per-key order holds across partitions, and partitions match the Java murmur2 mapping")
    func perKeyOrder() async throws {
        let cluster = try TestCluster()
        let partitions: Int32 = 6
        let topic = try await cluster.topic(partitions: partitions)
        let producer = try cluster.producer()
        let keys = (0..<20).map { "cart-\($0)" }
        var records: [KafkaProducerRecord] = []
        for sequence in 1...25 {
            for key in keys { records.append(KafkaProducerRecord(topic: topic, key: key, value: "\(sequence)")) }
        }
        let results = try await producer.send(contentsOf: records)
        #expect(results.allSatisfy { (try? $0.get()) != nil })

        let consumer = try cluster.consumer()
        try assignAll(consumer, topic: topic, partitions: partitions)
        let messages = try await collect(consumer, count: records.count)
        #expect(messages.count == records.count)
        var lastSequence: [String: Int] = [:]
        for message in messages {
            let key = try #require(message.keyString)
            let sequence = try #require(Int(message.valueString ?? ""))
            #expect(sequence == (lastSequence[key] ?? 0) + 1, "key \(key) out of order")
            lastSequence[key] = sequence
            #expect(message.partition == KafkaPartitioner.partition(forKey: Array(key.utf8), partitionCount: partitions))
        }
        #expect(lastSequence.count == keys.count)
        await consumer.close()
        await producer.close()
    }

    @Test("enqueue with backpressure delivers everything; flush reports the count")
    func enqueueAndFlush() async throws {
        let cluster = try TestCluster(brokers: 1)
        let topic = try await cluster.topic(partitions: 4)
        var configuration = cluster.producerConfiguration()
        configuration.maxQueuedMessages = 100  // tiny queue: forces the full-queue path
        let producer = try KafkaProducer(configuration: configuration, logger: cluster.logger)
        let count = 5_000
        for index in 0..<count {
            try await producer.enqueue(
                KafkaProducerRecord(topic: topic, partition: Int32(index % 4), value: Array(repeating: 7, count: 100)))
        }
        let summary = try await producer.flush(timeout: .seconds(30))
        #expect(summary.delivered == count)
        #expect(summary.failed == 0)
        let consumer = try cluster.consumer()
        try assignAll(consumer, topic: topic, partitions: 4)
        let messages = try await collect(consumer, count: count)
        #expect(messages.count == count)
        await consumer.close()
        await producer.close()
    }

    @Test("enqueue by parts: keys choose partitions as for records, explicit partitions are kept, all arrive")
    func enqueueByParts() async throws {
        let cluster = try TestCluster(brokers: 1)
        let partitions: Int32 = 4
        let topic = try await cluster.topic(partitions: partitions)
        var configuration = cluster.producerConfiguration()
        configuration.maxQueuedMessages = 20  // also through the full-queue path
        let producer = try KafkaProducer(configuration: configuration, logger: cluster.logger)
        for index in 0..<200 {
            try await producer.enqueue(topic: topic, key: Array("key-\(index % 17)".utf8), value: Array("keyed \(index)".utf8))
            try await producer.enqueue(topic: topic, partition: 3, value: Array("pinned \(index)".utf8))
        }
        let summary = try await producer.flush(timeout: .seconds(30))
        #expect(summary.delivered == 400 && summary.failed == 0)
        let consumer = try cluster.consumer()
        try assignAll(consumer, topic: topic, partitions: partitions)
        let messages = try await collect(consumer, count: 400)
        #expect(messages.count == 400)
        for message in messages {
            let value = String(decoding: message.value, as: UTF8.self)
            if value.hasPrefix("pinned") {
                #expect(message.partition == 3 && message.key == nil)
            } else {
                let key = try #require(message.key)
                #expect(message.partition == KafkaPartitioner.partition(forKey: key, partitionCount: partitions), "\(value)")
            }
        }
        await consumer.close()
        await producer.close()
    }

    @Test("enqueue alternating between topics puts every record in its own topic, while a flush runs alongside")
    func enqueueToSeveralTopicsDuringFlushes() async throws {
        let cluster = try TestCluster(brokers: 1)
        let topics = [
            try await cluster.topic(partitions: 2), try await cluster.topic(partitions: 2), try await cluster.topic(partitions: 2),
        ]
        var configuration = cluster.producerConfiguration()
        configuration.maxQueuedMessages = 50  // the enqueuing task waits for room while flushes run
        let producer = try KafkaProducer(configuration: configuration, logger: cluster.logger)
        let perTopic = 300
        let flushed = try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                for index in 0..<perTopic * topics.count {
                    let topic = topics[index % topics.count]
                    try await producer.enqueue(
                        KafkaProducerRecord(topic: topic, partition: Int32(index % 2), value: Array("\(topic)#\(index)".utf8)))
                }
                return 0
            }
            group.addTask {
                var delivered = 0
                for _ in 0..<20 { delivered += try await producer.flush(timeout: .seconds(30)).delivered }
                return delivered
            }
            return try await group.reduce(0, +)
        }
        let last = try await producer.flush(timeout: .seconds(30))
        #expect(flushed + last.delivered == perTopic * topics.count)
        #expect(last.failed == 0)
        for topic in topics {
            let consumer = try cluster.consumer()
            try assignAll(consumer, topic: topic, partitions: 2)
            let messages = try await collect(consumer, count: perTopic)
            #expect(messages.count == perTopic)
            #expect(
                messages.allSatisfy { String(decoding: $0.value, as: UTF8.self).hasPrefix("\(topic)#") },
                "a record landed in the wrong topic")
            await consumer.close()
        }
        await producer.close()
    }

    @Test("the messages AsyncSequence yields records and ends when the consumer closes")
    func asyncSequence() async throws {
        let cluster = try TestCluster(brokers: 1)
        let topic = try await cluster.topic(partitions: 2)
        let producer = try cluster.producer()
        for index in 0..<10 { _ = try await producer.send(KafkaProducerRecord(topic: topic, key: "k\(index)", value: "v\(index)")) }
        let consumer = try cluster.consumer()
        try assignAll(consumer, topic: topic, partitions: 2)
        var values: Set<String> = []
        for try await message in consumer.messages {
            values.insert(message.valueString ?? "")
            if values.count == 10 { break }
        }
        #expect(values == Set((0..<10).map { "v\($0)" }))
        await consumer.close()
        var afterClose = 0
        for try await _ in consumer.messages { afterClose += 1 }
        #expect(afterClose == 0)
        await producer.close()
    }
}
