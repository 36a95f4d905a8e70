public import Kafka
public import Logging

/// Makes sure the event-store topics exist with the expected partition count.
///
/// On a real cluster it creates them through the admin API (infinite retention for the event
/// topic); on the embedded mock cluster, through the mock's own API.
public struct EventTopicProvisioner: Sendable {
    /// The topics to ensure.
    public var topics: [KafkaTopicSpecification]
    /// Where they live.
    public var client: KafkaClientConfiguration
    /// The embedded mock cluster, when running without a real broker.
    public var mockCluster: MockCluster?

    /// Creates a provisioner.
    /// - Parameters:
    ///   - topics: topic specifications.
    ///   - client: cluster connection settings.
    ///   - mockCluster: the embedded mock cluster, if any.
    public init(topics: [KafkaTopicSpecification], client: KafkaClientConfiguration, mockCluster: MockCluster? = nil) {
        self.topics = topics
        self.client = client
        self.mockCluster = mockCluster
    }

    /// Creates missing topics and checks partition counts; a topic with fewer partitions than
    /// asked for is reported (the per-key partition mapping would change if it were altered).
    /// - Parameter logger: where to report.
    public func ensureTopics(logger: Logger) async throws {
        logger.info(
            "checking topics", metadata: ["kafka.topics": "\(topics.map(\.name))", "bootstrap.servers": "\(client.bootstrapServersString)"])
        let admin = try KafkaAdmin(configuration: client)
        let metadata = try await admin.metadata(timeout: .seconds(15))
        let missing = topics.filter { metadata.topic($0.name) == nil }
        if !missing.isEmpty {
            if let mockCluster {
                for topic in missing { try mockCluster.createTopic(topic) }
            } else {
                let result: Result<Void, KafkaError>
                do {
                    try await admin.createTopics(missing, timeout: .seconds(10))
                    result = .success(())
                } catch { result = .failure(error) }
                if case .failure(let error) = result {
                    guard error.isTimeout else { throw error }
                    throw KafkaError(
                        code: error.code, kind: .broker,
                        message: "the broker did not answer CreateTopics for \(missing.map(\.name)) (librdkafka's mock cluster never does: "
                            + "start kafka-mock with --topic NAME:PARTITIONS, or create the topics with cartctl topics create)")
                }
            }
            logger.notice("created topics", metadata: ["kafka.topics": "\(missing.map(\.name))"])
        }
        for topic in topics {
            guard let existing = try await waitForTopic(topic.name, admin: admin) else {
                throw KafkaError(kind: .broker, message: "topic \(topic.name) did not appear after creation")
            }
            if existing.partitions.count != Int(topic.partitions) {
                logger.warning(
                    "topic has a different partition count than configured; using the topic's",
                    metadata: [
                        "kafka.topic": "\(topic.name)", "configured": "\(topic.partitions)", "actual": "\(existing.partitions.count)",
                    ])
            }
        }
    }

    private func waitForTopic(_ name: String, admin: KafkaAdmin) async throws -> KafkaClusterMetadata.Topic? {
        for _ in 0..<50 {
            if let topic = try await admin.metadata(topic: name, timeout: .seconds(5)).topic(name), !topic.partitions.isEmpty {
                return topic
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }
}
