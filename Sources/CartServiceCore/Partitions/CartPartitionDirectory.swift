import CartDomain
import Kafka
import Logging
import NIOConcurrencyHelpers
import ServiceRuntime
import Synchronization

/// The partitions this instance owns right now, as the consumer group assigned them.
final class CartPartitionDirectory: Sendable {
    private let partitions = Mutex<[Int32: CartPartition]>([:])
    private let configuration: CartServiceConfiguration
    private let codec: CartEventCodec
    private let admin: KafkaAdmin
    private let health: HealthMonitor
    private let metrics: CartServiceMetrics
    private let logger: Logger
    private let snapshots: CartSnapshotStore?
    /// Verified snapshots per partition, loaded at start.
    let loadedSnapshots = NIOLockedValueBox<[Int32: CartPartitionSnapshot]>([:])

    init(
        configuration: CartServiceConfiguration, codec: CartEventCodec, admin: KafkaAdmin, health: HealthMonitor,
        metrics: CartServiceMetrics, logger: Logger, snapshots: CartSnapshotStore? = nil
    ) {
        self.snapshots = snapshots
        self.configuration = configuration
        self.codec = codec
        self.admin = admin
        self.health = health
        self.metrics = metrics
        self.logger = logger
        health.set("ownership", ready: false, detail: "no partitions assigned yet")
    }

    /// The owned partition with this number.
    func partition(_ number: Int32) -> CartPartition? {
        partitions.withLock { $0[number] }
    }

    /// Owned partition numbers.
    var owned: [Int32] { partitions.withLock { $0.keys.sorted() } }

    /// Takes ownership of newly assigned partitions (called on the consumer's poll thread).
    func assign(_ assigned: [TopicPartition]) {
        let configuration = self.configuration
        let admin = self.admin
        let health = self.health
        let logger = self.logger
        var created: [CartPartition] = []
        partitions.withLock { partitions in
            for topicPartition in assigned where topicPartition.topic == configuration.topic {
                let partition = CartPartition(
                    partition: topicPartition.partition, topic: configuration.topic, codec: codec,
                    commandTimeout: configuration.commandTimeout, logger: logger, metrics: metrics,
                    snapshots: snapshots, snapshotEvery: configuration.snapshotEvery
                ) { number, phase in
                    health.set("partition-\(number)", ready: phase == .ready || phase == .revoked, detail: "\(phase)")
                }
                partitions[topicPartition.partition] = partition
                created.append(partition)
            }
        }
        // Not ready until each new partition reports its own phase (its task starts later):
        // otherwise `/health/ready` could say 200 while a partition is still being restored.
        for partition in created { health.set("partition-\(partition.partition)", ready: false, detail: "assigned; starting") }
        updateOwnershipHealth()
        let loaded = loadedSnapshots.withLockedValue { $0 }
        for partition in created {
            let number = partition.partition
            Task {
                await partition.activate(
                    snapshot: loaded[number],
                    makeProducer: {
                        var producerConfiguration = KafkaProducerConfiguration(
                            client: configuration.kafka,
                            transactionalID: "\(configuration.ownershipGroup)-\(configuration.topic)-p\(number)")
                        producerConfiguration.client.clientID = "\(configuration.instanceID)-p\(number)"
                        producerConfiguration.messageTimeout = configuration.commandTimeout
                        producerConfiguration.linger = .milliseconds(1)
                        return try KafkaProducer(configuration: producerConfiguration, logger: logger)
                    },
                    highWatermark: {
                        try await admin.watermarks(TopicPartition(configuration.topic, number)).high
                    })
            }
        }
    }

    /// Where the feed starts reading a newly assigned partition: after its snapshot, or at the beginning.
    func startOffsets(for assigned: [TopicPartition]) -> [TopicPartition: KafkaOffset] {
        let loaded = loadedSnapshots.withLockedValue { $0 }
        return Dictionary(
            uniqueKeysWithValues: assigned.map { partition in
                (partition, loaded[partition.partition].map { KafkaOffset.offset($0.nextOffset) } ?? .beginning)
            })
    }

    /// Gives up revoked partitions (called on the consumer's poll thread).
    func revoke(_ revoked: [TopicPartition]) {
        let removed = partitions.withLock { partitions in
            revoked.compactMap { partitions.removeValue(forKey: $0.partition) }
        }
        for partition in removed {
            health.set("partition-\(partition.partition)", ready: true, detail: "revoked")
            Task { await partition.revoke() }
        }
        updateOwnershipHealth()
    }

    private func updateOwnershipHealth() {
        let owned = self.owned
        health.set("ownership", ready: !owned.isEmpty, detail: owned.isEmpty ? "no partitions assigned" : "owns partitions \(owned)")
    }
}
