/// A topic to create.
public struct KafkaTopicSpecification: Sendable, Hashable {
    /// Topic name.
    public var name: String
    /// Number of partitions.
    public var partitions: Int32
    /// Replication factor (`-1` for the broker default).
    public var replicationFactor: Int16
    /// Topic configs, such as `retention.ms` and `cleanup.policy`.
    public var configs: [String: String]

    /// Creates a topic specification.
    /// - Parameters:
    ///   - name: topic name.
    ///   - partitions: number of partitions.
    ///   - replicationFactor: replicas per partition.
    ///   - configs: topic configs.
    public init(name: String, partitions: Int32, replicationFactor: Int16 = -1, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }

    /// An event-store topic: infinite retention, never compacted.
    /// - Parameters:
    ///   - name: topic name.
    ///   - partitions: number of partitions.
    ///   - replicationFactor: replicas per partition.
    public static func eventStore(name: String, partitions: Int32, replicationFactor: Int16 = -1) -> KafkaTopicSpecification {
        KafkaTopicSpecification(
            name: name, partitions: partitions, replicationFactor: replicationFactor,
            configs: ["retention.ms": "-1", "retention.bytes": "-1", "cleanup.policy": "delete"])
    }
}
