import Foundation
public import Kafka
import ServiceRuntime

/// Settings of a read-model consumer, with defaults. ``load(serviceName:defaultPort:flags:environment:)``
/// fills it from flags and environment variables; nothing else in the runtime reads them.
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
}
