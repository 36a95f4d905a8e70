import CartDomain
import Kafka
import Logging
import ServiceLifecycle

/// Keeps this instance in the cart service's consumer group (which decides partition
/// ownership) and feeds every record of the owned partitions into their carts, from the
/// beginning of the log: the rebuild on assignment and the echo of our own writes.
struct CartEventFeed: Service {
    let configuration: CartServiceConfiguration
    let directory: CartPartitionDirectory
    let logger: Logger

    func run() async throws {
        var consumerConfiguration = KafkaConsumerConfiguration(client: configuration.kafka, groupID: configuration.ownershipGroup)
        consumerConfiguration.client.clientID = "\(configuration.instanceID)-feed"
        consumerConfiguration.reportPartitionEOF = true
        consumerConfiguration.assignmentStrategy = .cooperativeSticky
        consumerConfiguration.sessionTimeout = configuration.sessionTimeout
        let directory = self.directory
        let listener = KafkaRebalanceListener(
            onAssign: { partitions in
                directory.assign(partitions)
                // Rebuild from the verified snapshot's offset, else from the start of the log.
                return directory.startOffsets(for: partitions)
            },
            onRevoke: { partitions in directory.revoke(partitions) })
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, rebalanceListener: listener, logger: logger)
        try consumer.subscribe([configuration.topic])
        logger.info("joined the cart service group", metadata: ["kafka.group": "\(configuration.ownershipGroup)"])
        // Messages and partition ends come in one batch, in order, so "caught up" is never
        // concluded before the records that precede an end were applied.
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let batch: KafkaMessageBatch
            do { batch = try await consumer.pollBatch(maxMessages: 500, timeout: .milliseconds(100)) } catch {
                if error.kind == .closed { break }
                logger.error("event feed poll failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(200))
                continue
            }
            for view in batch { await directory.partition(view.partition)?.apply(view.message) }
            for (partition, offset) in batch.partitionEnds { await directory.partition(partition.partition)?.reachedEnd(at: offset) }
        }
        await consumer.close()
        directory.revoke(directory.owned.map { TopicPartition(configuration.topic, $0) })
    }
}
