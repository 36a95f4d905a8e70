import Foundation
import Kafka
import Testing

@Suite("Other Kafka clients read what we write")
struct InteropTests {
    @Test("Python's confluent-kafka reads our records with keys, headers and murmur2 partitions")
    func confluentKafkaReadsOurRecords() async throws {
        let cluster = try TestCluster()
        let partitions: Int32 = 5
        let topic = try await cluster.topic("interop", partitions: partitions)
        let producer = try cluster.producer()
        let records = (0..<30).map {
            KafkaProducerRecord(
                topic: topic, key: "cart-\($0 % 10)", value: "{\"n\":\($0)}",
                headers: [
                    KafkaHeader(name: "ce_type", string: "cart.item_added"),
                    KafkaHeader(name: "cartstream_sequence", string: "\($0 / 10 + 1)"),
                ])
        }
        _ = try await producer.send(contentsOf: records)
        await producer.close()

        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Interop/confluent_read.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", script.path, cluster.clientConfiguration.bootstrapServersString, topic, "\(partitions)", "\(records.count)",
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python reader exited with \(process.terminationStatus) (3 = confluent-kafka missing)")

        struct Line: Decodable {
            var partition: Int32
            var key: String?
            var value: String
            var headers: [[String?]]
        }
        let lines = try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONDecoder().decode(Line.self, from: Data($0.utf8))
        }
        #expect(lines.count == records.count)
        for line in lines {
            let key = try #require(line.key)
            #expect(line.partition == KafkaPartitioner.partition(forKey: Array(key.utf8), partitionCount: partitions))
            #expect(line.headers.first == ["ce_type", "cart.item_added"])
        }
        #expect(Set(lines.map(\.value)) == Set(records.map { String(decoding: $0.value, as: UTF8.self) }))
    }
}
