public import Kafka

/// Everything the cart service needs, with defaults. The `cart-service` executable fills it from its
/// flags and environment (`CartServiceSettings`); this library reads neither.
public struct CartServiceConfiguration: Sendable {
    /// Kafka connection settings.
    public var kafka: KafkaClientConfiguration
    /// The event topic (`CART_EVENTS_TOPIC`).
    public var topic: String
    /// Partitions to create the topic with when it does not exist (`CART_EVENTS_PARTITIONS`).
    public var partitions: Int32
    /// Replication factor when creating the topic (`CART_EVENTS_REPLICATION`, -1 = broker default).
    public var replicationFactor: Int16
    /// The consumer group that shares partition ownership among instances (`CART_SERVICE_GROUP`).
    public var ownershipGroup: String
    /// This instance's name, used in logs and as the event `ce_source` suffix (`INSTANCE_ID`).
    public var instanceID: String
    /// HTTP bind address (`HTTP_HOST`).
    public var host: String
    /// HTTP port (`HTTP_PORT`).
    public var port: Int
    /// How long a command may wait for the broker's acknowledgement before it fails with 503 (`COMMAND_TIMEOUT_MS`).
    public var commandTimeout: Duration
    /// The `Retry-After` seconds sent with 503 answers.
    public var retryAfterSeconds: Int
    /// The largest accepted request body.
    public var maxBodyBytes: Int
    /// The ownership group's session timeout (`CART_SESSION_TIMEOUT_MS`): a broker outage shorter than
    /// this does not move partitions (and trigger rebuilds); a crashed instance's partitions move after it.
    public var sessionTimeout: Duration
    /// Take a snapshot of a partition's carts every this many events (`CART_SNAPSHOT_EVERY`, 0 = never).
    public var snapshotEvery: Int

    /// Creates a configuration with defaults.
    /// - Parameter kafka: Kafka connection settings.
    public init(kafka: KafkaClientConfiguration = .init()) {
        self.kafka = kafka
        self.topic = "cart-events"
        self.partitions = 12
        self.replicationFactor = -1
        self.ownershipGroup = "cart-service"
        self.instanceID = "cart-service-1"
        self.host = "0.0.0.0"
        self.port = 8080
        self.commandTimeout = .seconds(5)
        self.retryAfterSeconds = 2
        self.maxBodyBytes = 64 * 1024
        self.snapshotEvery = 1000
        self.sessionTimeout = .seconds(30)
    }
}
