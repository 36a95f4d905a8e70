import Testing

@testable import Kafka

/// The C baseline in Benchmarks/c/kafka_bench.c hard-codes our clients' default
/// librdkafka settings; these tests fail when a default changes, so the
/// Swift-vs-C benchmark keeps comparing like with like (update the C file too).
@Suite("Benchmark settings match the defaults")
struct BenchmarkSettingsTests {
    @Test("producer defaults are the ones kafka_bench.c sets")
    func producerDefaults() {
        let properties = Dictionary(uniqueKeysWithValues: KafkaProducerConfiguration().librdkafkaProperties)
        #expect(properties["acks"] == "-1")
        #expect(properties["enable.idempotence"] == "true")
        #expect(properties["linger.ms"] == "5")
        #expect(properties["batch.num.messages"] == "10000")
        #expect(properties["queue.buffering.max.messages"] == "100000")
        #expect(properties["message.timeout.ms"] == "30000")
        #expect(properties["compression.type"] == "none")
        #expect(properties["partitioner"] == "murmur2_random")
        #expect(properties["security.protocol"] == "plaintext")
        #expect(properties.count == 11)
    }

    @Test("consumer defaults are the ones kafka_bench.c sets")
    func consumerDefaults() {
        let configuration = KafkaConsumerConfiguration(client: .init(clientID: "kafka-bench-c-consumer"))
        let properties = Dictionary(uniqueKeysWithValues: configuration.librdkafkaProperties)
        #expect(properties["group.id"] == "cartstream-unassigned-kafka-bench-c-consumer")
        #expect(properties["auto.offset.reset"] == "earliest")
        #expect(properties["enable.auto.commit"] == "false")
        #expect(properties["enable.auto.offset.store"] == "false")
        #expect(properties["isolation.level"] == "read_committed")
        #expect(properties["partition.assignment.strategy"] == "cooperative-sticky")
        #expect(properties["session.timeout.ms"] == "10000")
        #expect(properties["max.poll.interval.ms"] == "300000")
        #expect(properties["enable.partition.eof"] == "false")
        #expect(properties["queued.min.messages"] == "1000000")
        #expect(properties.count == 13)
    }
}
