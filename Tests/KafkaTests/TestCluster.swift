import Foundation
import Kafka
import Logging

/// The broker the tests run against: a fresh mock cluster per test, or — when
/// `CARTSTREAM_TEST_BOOTSTRAP` is set (for example to a docker-compose Kafka) — a real one.
struct TestCluster {
    /// The external bootstrap servers, if the tests target a real broker.
    static let externalBootstrap = ProcessInfo.processInfo.environment["CARTSTREAM_TEST_BOOTSTRAP"]
    /// True when the tests run against librdkafka's mock cluster.
    static var usesMock: Bool { externalBootstrap == nil }

    private let mock: MockCluster?
    let clientConfiguration: KafkaClientConfiguration
    let logger: Logger

    init(brokers: Int = 3) throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        self.logger = logger
        if let external = Self.externalBootstrap {
            mock = nil
            // `KAFKA_*` property variables apply too, so the tests can run against a secured cluster.
            clientConfiguration = try KafkaClientConfiguration(
                clientID: "cartstream",
                sources: KafkaPropertySources(bootstrapServersFlag: external, environment: ProcessInfo.processInfo.environment))
        } else {
            let mock = try MockCluster(brokers: brokers, logger: logger)
            self.mock = mock
            clientConfiguration = mock.clientConfiguration()
        }
    }

    /// The mock cluster, for fault injection (tests that need it are mock-only).
    var cluster: MockCluster {
        get throws {
            guard let mock else { throw KafkaError(kind: .invalidArgument, message: "fault injection needs the mock cluster") }
            return mock
        }
    }

    /// A new topic with a name unique to this test run.
    func topic(_ prefix: String = "t", partitions: Int32 = 3) async throws -> String {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8))"
        if let mock {
            try mock.createTopic(name, partitions: partitions, replicationFactor: Int32(min(3, mock.brokerCount)))
        } else {
            let admin = try KafkaAdmin(configuration: clientConfiguration)
            try await admin.createTopics([KafkaTopicSpecification(name: name, partitions: partitions)])
        }
        return name
    }

    private func client(_ id: String) -> KafkaClientConfiguration {
        var configuration = clientConfiguration
        configuration.clientID = id
        return configuration
    }

    func producerConfiguration(transactionalID: String? = nil) -> KafkaProducerConfiguration {
        var configuration = KafkaProducerConfiguration(client: client("test-producer"), transactionalID: transactionalID)
        configuration.linger = .milliseconds(1)
        configuration.messageTimeout = .seconds(20)
        return configuration
    }

    func consumerConfiguration(group: String? = nil) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(client: client("test-consumer"), groupID: group)
        configuration.sessionTimeout = .seconds(6)
        return configuration
    }

    func producer(transactionalID: String? = nil) throws -> KafkaProducer {
        try KafkaProducer(configuration: producerConfiguration(transactionalID: transactionalID), logger: logger)
    }

    func consumer(group: String? = nil, listener: KafkaRebalanceListener? = nil) throws -> KafkaConsumer {
        try KafkaConsumer(configuration: consumerConfiguration(group: group), rebalanceListener: listener, logger: logger)
    }
}

/// Reads from `consumer` until `count` messages arrived or `timeout` passed (bounded loop).
func collect(_ consumer: KafkaConsumer, count: Int, timeout: Duration = .seconds(20)) async throws -> [KafkaMessage] {
    var messages: [KafkaMessage] = []
    let deadline = ContinuousClock.now + timeout
    while messages.count < count && ContinuousClock.now < deadline {
        messages += try await consumer.poll(maxMessages: 500, timeout: .milliseconds(200))
    }
    return messages
}

/// Keeps polling for `duration` and returns whatever arrived (to prove nothing more comes).
func drain(_ consumer: KafkaConsumer, for duration: Duration) async throws -> [KafkaMessage] {
    var messages: [KafkaMessage] = []
    let deadline = ContinuousClock.now + duration
    while ContinuousClock.now < deadline {
        messages += try await consumer.poll(maxMessages: 500, timeout: .milliseconds(100))
    }
    return messages
}

/// Assigns every partition of `topic` from the beginning.
func assignAll(_ consumer: KafkaConsumer, topic: String, partitions: Int32, from offset: KafkaOffset = .beginning) throws {
    try consumer.assign((0..<partitions).map { TopicPartitionOffset(TopicPartition(topic, $0), offset) })
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}
