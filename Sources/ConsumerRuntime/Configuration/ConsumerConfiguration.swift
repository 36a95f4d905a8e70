import Foundation
import Kafka
import ServiceRuntime

/// Settings of a read-model consumer, filled from flags and environment variables in one place.
public struct ConsumerConfiguration: Sendable {
    /// How partitions come to this consumer.
    public enum Assignment: String, Sendable {
        /// Join the consumer group (`CONSUMER_GROUP`) and take what the rebalance hands over.
        case group
        /// Read every partition of the topic, without group membership (single instance, tests).
        case all
    }

    /// The service name: metric label, `dlq_service` header, default consumer group.
    public var serviceName: String
    /// Kafka client settings (`KAFKA_BOOTSTRAP_SERVERS`).
    public var kafka: KafkaClientConfiguration
    /// The events topic (`CART_EVENTS_TOPIC`, default `cart-events`).
    public var topic: String
    /// The dead-letter topic (`DLQ_TOPIC`, default `cart-events.dlq`).
    public var deadLetterTopic: String
    /// The SQLite file of the read model (`DATABASE_PATH`, default `./<service>.sqlite`).
    public var databasePath: String
    /// The bearer token of `/admin` (`ADMIN_TOKEN`; empty disables admin routes).
    public var adminToken: String
    /// The consumer group (`CONSUMER_GROUP`, default the service name).
    public var consumerGroup: String
    /// Group membership or all partitions (`CONSUMER_ASSIGNMENT`, default `group`).
    public var assignment: Assignment
    /// HTTP listen host (`HTTP_HOST`, default `0.0.0.0`).
    public var host: String
    /// HTTP listen port (`HTTP_PORT`).
    public var port: Int
    /// The most records applied in one database transaction (`CONSUMER_BATCH_SIZE`, default 500).
    public var batchSize: Int
    /// How long one poll waits for a first record.
    public var pollTimeout: Duration

    /// Creates a configuration with defaults.
    /// - Parameters:
    ///   - serviceName: the service's name (`fraud-service`, ...).
    ///   - port: its default HTTP port.
    public init(serviceName: String, port: Int) {
        self.serviceName = serviceName
        self.kafka = KafkaClientConfiguration(clientID: serviceName)
        self.topic = "cart-events"
        self.deadLetterTopic = "cart-events.dlq"
        self.databasePath = "./\(serviceName).sqlite"
        self.adminToken = ""
        self.consumerGroup = serviceName
        self.assignment = .group
        self.host = "0.0.0.0"
        self.port = port
        self.batchSize = 500
        self.pollTimeout = .milliseconds(200)
    }

    /// Reads the configuration from environment variables over the defaults.
    /// - Parameters:
    ///   - serviceName: the service's name.
    ///   - defaultPort: its default HTTP port.
    ///   - environment: the environment.
    public init(serviceName: String, defaultPort: Int, environment: EnvironmentReader) throws {
        self.init(serviceName: serviceName, port: defaultPort)
        kafka.bootstrapServers = environment.list("KAFKA_BOOTSTRAP_SERVERS", default: kafka.bootstrapServers)
        topic = environment.string("CART_EVENTS_TOPIC", default: topic)
        deadLetterTopic = environment.string("DLQ_TOPIC", default: deadLetterTopic)
        databasePath = environment.string("DATABASE_PATH", default: databasePath)
        adminToken = environment.string("ADMIN_TOKEN", default: "")
        consumerGroup = environment.string("CONSUMER_GROUP", default: serviceName)
        let assignmentText = environment.string("CONSUMER_ASSIGNMENT", default: assignment.rawValue)
        guard let assignment = Assignment(rawValue: assignmentText) else {
            throw ConfigurationError(variable: "CONSUMER_ASSIGNMENT", value: assignmentText, expected: "group or all")
        }
        self.assignment = assignment
        host = environment.string("HTTP_HOST", default: host)
        port = try environment.int("HTTP_PORT", default: port)
        batchSize = try environment.int("CONSUMER_BATCH_SIZE", default: batchSize)
    }
}
