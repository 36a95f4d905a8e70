import Foundation
import Kafka
import Testing

@Suite("Java-compatible partitioning")
struct PartitionerTests {
    @Test("murmur2 matches the values of Kafka's Java client")
    func javaVectors() {
        // From the Java client's own tests (UtilsTest.testMurmur2) and librdkafka's rdmurmur2 unit test.
        #expect(KafkaPartitioner.murmur2("21".utf8) == UInt32(bitPattern: -973_932_308))
        #expect(KafkaPartitioner.murmur2("foobar".utf8) == UInt32(bitPattern: -790_332_482))
        #expect(KafkaPartitioner.murmur2("a-little-bit-long-string".utf8) == UInt32(bitPattern: -985_981_536))
        #expect(KafkaPartitioner.murmur2("a-little-bit-longer-string".utf8) == UInt32(bitPattern: -1_486_304_829))
        #expect(KafkaPartitioner.murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8".utf8) == UInt32(bitPattern: -58_897_971))
        #expect(KafkaPartitioner.murmur2([UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "c")]) == UInt32(bitPattern: 479_470_107))
    }

    @Test("librdkafka's murmur2_random partitioner and ours agree on every key")
    func agreesWithLibrdkafka() async throws {
        let cluster = try TestCluster(brokers: 1)
        let partitions: Int32 = 7
        let topic = try await cluster.topic(partitions: partitions)
        let producer = try cluster.producer()
        let keys = (0..<100).map { "customer-\($0)-\(UUID().uuidString.prefix(4))" }
        let results = try await producer.send(contentsOf: keys.map { KafkaProducerRecord(topic: topic, key: $0, value: "x") })
        for (key, result) in zip(keys, results) {
            let report = try result.get()
            #expect(report.partition == KafkaPartitioner.partition(forKey: Array(key.utf8), partitionCount: partitions), "key \(key)")
        }
        await producer.close()
    }
}
