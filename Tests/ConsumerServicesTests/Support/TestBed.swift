import CartDomain
import ConsumerRuntime
import EventSourcing
import Foundation
import Kafka
import KafkaEventStore
import Logging
import ServiceRuntime

/// A mock cluster with an events topic and a dead-letter topic, a temp directory for
/// databases, and helpers to produce events and wait for consumers.
final class TestBed: Sendable {
    let cluster: MockCluster
    let topic: String
    let deadLetterTopic: String
    let directory: URL
    let logger: Logger
    let partitions: Int32

    init(partitions: Int32 = 2, directory: URL? = nil, topic: String? = nil) throws {
        var logger = Logger(label: "test")
        // CARTSTREAM_TEST_LOG_LEVEL=debug shows the runtime's own account when a test fails.
        logger.logLevel = ProcessInfo.processInfo.environment["CARTSTREAM_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .error
        self.logger = logger
        cluster = try MockCluster(brokers: 1, logger: logger)
        self.topic = topic ?? "cart-events-\(UUID().uuidString.prefix(6))"
        deadLetterTopic = self.topic + ".dlq"
        self.partitions = partitions
        try cluster.createTopic(self.topic, partitions: partitions)
        try cluster.createTopic(deadLetterTopic, partitions: 1)
        if let directory {
            self.directory = directory
        } else {
            self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("consumer-tests-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        }
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func configuration(service: String, database: String) -> ConsumerConfiguration {
        var configuration = ConsumerConfiguration(serviceName: service, port: 0)
        configuration.kafka = cluster.clientConfiguration(clientID: service)
        configuration.topic = topic
        configuration.deadLetterTopic = deadLetterTopic
        configuration.databasePath = path(database)
        configuration.assignment = .all
        configuration.batchSize = 7
        configuration.pollTimeout = .milliseconds(100)
        configuration.adminToken = "secret"
        return configuration
    }

    func producer() throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(client: cluster.clientConfiguration(clientID: "test-producer"))
        configuration.linger = .milliseconds(1)
        return try KafkaProducer(configuration: configuration, logger: logger)
    }

    /// Produces events in order (one at a time, so per-partition order is the script's).
    @discardableResult
    func produce(_ envelopes: [EventEnvelope<CartEvent>]) async throws -> [DeliveryReport] {
        let producer = try producer()
        var reports: [DeliveryReport] = []
        for envelope in envelopes {
            reports.append(try await producer.send(KafkaProducerRecord(CartEventCodec.cart.encode(envelope), topic: topic)))
        }
        await producer.close()
        return reports
    }

    /// Produces raw records (poison).
    func produce(records: [KafkaProducerRecord]) async throws {
        let producer = try producer()
        for record in records { _ = try await producer.send(record) }
        await producer.close()
    }

    /// High watermarks of every partition of the events topic.
    func highWatermarks() async throws -> [Int32: Int64] {
        let admin = try KafkaAdmin(configuration: cluster.clientConfiguration(clientID: "test-admin"))
        var result: [Int32: Int64] = [:]
        for partition in 0..<partitions { result[partition] = try await admin.watermarks(TopicPartition(topic, partition)).high }
        return result
    }

    /// Reads `count` records of the dead-letter topic (bounded wait).
    func deadLetters(count: Int) async throws -> [KafkaMessage] {
        var configuration = KafkaConsumerConfiguration(client: cluster.clientConfiguration(clientID: "test-dlq-reader"))
        configuration.autoOffsetReset = .earliest
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        try consumer.assign([TopicPartitionOffset(TopicPartition(deadLetterTopic, 0), .beginning)])
        var result: [KafkaMessage] = []
        let deadline = ContinuousClock.now + .seconds(15)
        while result.count < count, ContinuousClock.now < deadline {
            result += try await consumer.poll(maxMessages: 100, timeout: .milliseconds(200))
        }
        await consumer.close()
        return result
    }

    let ownsDirectory = true
    func removeFiles() { try? FileManager.default.removeItem(at: directory) }
}

/// Runs a runtime in a task; `stop()` cancels it like a crash between two transactions.
final class RunningConsumer<Model: ReadModel>: Sendable {
    let runtime: ConsumerRuntime<Model>
    let task: Task<Void, any Error>

    init(_ runtime: ConsumerRuntime<Model>) {
        self.runtime = runtime
        task = Task { try await runtime.run() }
    }

    /// Waits until every partition's stored offset reached the current high watermark.
    func waitUntilCaughtUp(_ bed: TestBed, timeout: Duration = .seconds(30)) async throws {
        let marks = try await bed.highWatermarks()
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let stored = try runtime.storedOffsets().reduce(into: [Int32: Int64]()) { $0[$1.partition] = $1.nextOffset }
            if marks.allSatisfy({ $0.value == 0 || (stored[$0.key] ?? 0) >= $0.value }) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        let stored = (try? runtime.storedOffsets().map { "\($0.partition): \($0.nextOffset)" }) ?? []
        let detail = runtime.health.readiness().components["consumer"]?.detail ?? "-"
        throw TestTimeout(what: "consumer catching up to \(marks) (stored \(stored), consumer health: \(detail))")
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

struct TestTimeout: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Waits (bounded) until `condition` holds.
func eventually(_ what: String, timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw TestTimeout(what: what)
}
