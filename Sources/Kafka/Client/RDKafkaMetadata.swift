import CRdKafka

/// A Swift copy of `rd_kafka_metadata`, which it frees.
struct RDKafkaMetadata {
    var brokers: [KafkaClusterMetadata.Broker] = []
    var topics: [KafkaClusterMetadata.Topic] = []

    init(_ pointer: UnsafePointer<rd_kafka_metadata>) {
        defer { rd_kafka_metadata_destroy(pointer) }
        let metadata = pointer.pointee
        for index in 0..<Int(metadata.broker_cnt) {
            let broker = metadata.brokers[index]
            brokers.append(.init(id: broker.id, host: String(cString: broker.host), port: broker.port))
        }
        for index in 0..<Int(metadata.topic_cnt) {
            let topic = metadata.topics[index]
            var partitions: [KafkaClusterMetadata.Partition] = []
            for p in 0..<Int(topic.partition_cnt) {
                let partition = topic.partitions[p]
                partitions.append(
                    .init(
                        id: partition.id, leader: partition.leader,
                        replicas: (0..<Int(partition.replica_cnt)).map { partition.replicas[$0] },
                        inSyncReplicas: (0..<Int(partition.isr_cnt)).map { partition.isrs[$0] }))
            }
            topics.append(
                .init(
                    name: String(cString: topic.topic), partitions: partitions.sorted { $0.id < $1.id },
                    error: topic.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError.from(topic.err)))
        }
    }
}

/// What a cluster says about itself: brokers and topics with their partitions.
public struct KafkaClusterMetadata: Sendable {
    /// A broker of the cluster.
    public struct Broker: Sendable, Hashable {
        /// Broker id.
        public var id: Int32
        /// Advertised host.
        public var host: String
        /// Advertised port.
        public var port: Int32
    }

    /// A partition's leadership and replicas.
    public struct Partition: Sendable, Hashable {
        /// Partition number.
        public var id: Int32
        /// Leader broker id (-1 when none).
        public var leader: Int32
        /// Replica broker ids.
        public var replicas: [Int32]
        /// In-sync replica broker ids.
        public var inSyncReplicas: [Int32]
    }

    /// A topic and its partitions.
    public struct Topic: Sendable {
        /// Topic name.
        public var name: String
        /// Partitions ordered by id.
        public var partitions: [Partition]
        /// The broker's error for this topic (for example unknown topic), if any.
        public var error: KafkaError?
    }

    /// All brokers.
    public var brokers: [Broker]
    /// All (or the requested) topics.
    public var topics: [Topic]

    /// The topic named `name`, if known and without error.
    public func topic(_ name: String) -> Topic? {
        topics.first { $0.name == name && $0.error == nil }
    }
}
