import CRdKafka
public import Logging
public import ServiceLifecycle

/// librdkafka's in-memory mock Kafka cluster, speaking the real Kafka protocol over TCP on loopback.
///
/// Any Kafka client (ours, another process, `confluent-kafka` in Python) can connect to
/// ``bootstrapServers``. It supports consumer groups with commits, idempotent and
/// transactional producers, and fault injection.
///
/// Known limits of librdkafka 2.0.2's mock, which are not bugs of ours:
/// - each partition keeps only about 5 MB (or 100,000 message sets); older records are
///   silently trimmed, so spread large data sets over many partitions;
/// - a lookup by timestamp answers with the log end offset
///   (``KafkaConsumer/offset(forTimestamp:in:timeout:)`` detects and corrects this);
/// - CreateTopics is not answered: create topics with ``createTopic(_:partitions:replicationFactor:)``;
/// - it lives in memory: a new mock starts with no topics.
public final class MockCluster: Sendable {
    private let client: RDKafkaClient
    nonisolated(unsafe) private let cluster: OpaquePointer
    /// Number of brokers.
    public let brokerCount: Int
    /// The comma-separated `host:port` list clients connect to.
    public let bootstrapServers: String

    /// Starts a mock cluster.
    /// - Parameters:
    ///   - brokers: number of brokers (ids 1...brokers).
    ///   - logger: receives the mock's logs.
    public init(brokers: Int = 3, logger: Logger = Logger(label: "kafka.mock")) throws(KafkaError) {
        let context = RDKafkaClientContext(logger: logger, statistics: nil)
        // The mock needs a handle to live in; this one never connects anywhere.
        client = try RDKafkaClient.make(type: .producer, properties: [("client.id", "cartstream-mock-cluster")], context: context)
        guard let cluster = rd_kafka_mock_cluster_new(client.handle, Int32(brokers)) else {
            throw KafkaError(kind: .broker, message: "cannot start a mock cluster with \(brokers) brokers")
        }
        self.cluster = cluster
        self.brokerCount = brokers
        self.bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
    }

    /// Client settings pointing at this cluster.
    /// - Parameter clientID: the client id to use.
    public func clientConfiguration(clientID: String = "cartstream") -> KafkaClientConfiguration {
        KafkaClientConfiguration(bootstrapServers: bootstrapServers.split(separator: ",").map(String.init), clientID: clientID)
    }

    /// Creates a topic (the mock does not answer CreateTopics requests).
    /// - Parameters:
    ///   - name: topic name.
    ///   - partitions: number of partitions.
    ///   - replicationFactor: replicas per partition (at most the broker count).
    public func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32 = 1) throws(KafkaError) {
        let err = rd_kafka_mock_topic_create(cluster, name, partitions, replicationFactor)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(err, context: "mock: create topic \(name)") }
    }

    /// Creates a topic from a specification (configs are ignored: the mock keeps everything it can).
    /// - Parameter specification: the topic.
    public func createTopic(_ specification: KafkaTopicSpecification) throws(KafkaError) {
        try createTopic(
            specification.name, partitions: specification.partitions,
            replicationFactor: Int32(max(1, min(Int(specification.replicationFactor), brokerCount))))
    }

    /// Takes a broker down: its connections close and it refuses new ones.
    /// - Parameter broker: broker id (1...brokerCount).
    public func setBrokerDown(_ broker: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_down(cluster, broker), "broker \(broker) down")
    }

    /// Brings a broker back up.
    /// - Parameter broker: broker id.
    public func setBrokerUp(_ broker: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_up(cluster, broker), "broker \(broker) up")
    }

    /// Takes every broker down.
    public func setAllBrokersDown() throws(KafkaError) {
        for broker in 1...Int32(brokerCount) { try setBrokerDown(broker) }
    }

    /// Brings every broker back up.
    public func setAllBrokersUp() throws(KafkaError) {
        for broker in 1...Int32(brokerCount) { try setBrokerUp(broker) }
    }

    /// Delays a broker's responses.
    /// - Parameters:
    ///   - broker: broker id.
    ///   - roundTripTime: added delay per request.
    public func setRoundTripTime(broker: Int32, _ roundTripTime: Duration) throws(KafkaError) {
        try check(rd_kafka_mock_broker_set_rtt(cluster, broker, Int32(roundTripTime.milliseconds)), "rtt")
    }

    /// Makes the next requests of one API fail with these errors, in order.
    /// - Parameters:
    ///   - apiKey: the Kafka API key (for example 0 = Produce, 1 = Fetch, 8 = OffsetCommit).
    ///   - errors: librdkafka/Kafka error codes, one per request.
    public func pushRequestErrors(apiKey: Int16, errors: [Int32]) {
        var codes = errors.map { rd_kafka_resp_err_t($0) }
        codes.withUnsafeMutableBufferPointer {
            rd_kafka_mock_push_request_errors_array(cluster, apiKey, $0.count, $0.baseAddress)
        }
    }

    /// Moves a partition's leadership.
    /// - Parameters:
    ///   - topic: topic name.
    ///   - partition: partition number.
    ///   - broker: the new leader's id, or -1 for no leader.
    public func setPartitionLeader(topic: String, partition: Int32, broker: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_partition_set_leader(cluster, topic, partition, broker), "set leader")
    }

    /// Makes a broker the coordinator of a group or transactional id.
    /// - Parameters:
    ///   - keyType: `"group"` or `"transaction"`.
    ///   - key: the group or transactional id.
    ///   - broker: broker id.
    public func setCoordinator(keyType: String, key: String, broker: Int32) throws(KafkaError) {
        try check(rd_kafka_mock_coordinator_set(cluster, keyType, key, broker), "set coordinator")
    }

    private func check(_ err: rd_kafka_resp_err_t, _ what: String) throws(KafkaError) {
        if err != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(err, context: "mock: \(what)") }
    }
}

extension MockCluster: Service {
    /// Keeps the cluster alive until graceful shutdown.
    public func run() async throws {
        try? await gracefulShutdown()
    }
}
