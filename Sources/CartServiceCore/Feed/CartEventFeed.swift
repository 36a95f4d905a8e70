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
        consumerConfiguration.sessionTimeout = .seconds(10)
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
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in consumer.events {
                    if case .partitionEOF(let partition, let offset) = event {
                        await directory.partition(partition.partition)?.reachedEnd(at: offset)
                    }
                }
            }
            group.addTask {
                do {
                    for try await message in consumer.messages.cancelOnGracefulShutdown() {
                        await directory.partition(message.partition)?.apply(message)
                    }
                } catch {
                    logger.critical("event feed stopped", metadata: ["error": "\(error)"])
                }
                await consumer.close()
                directory.revoke(directory.owned.map { TopicPartition(configuration.topic, $0) })
            }
        }
    }
}
