import ArgumentParser
import Kafka

/// `cartctl topics create|describe`.
struct Topics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or describe CartStream's topics.", subcommands: [Create.self, Describe.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the event topic (infinite retention) and its dead-letter topic.")
        @OptionGroup var cluster: ClusterOptions
        @Option(help: "Partitions of the event topic (the per-cart partition mapping depends on it: choose once).") var partitions: Int32 = 12
        @Option(help: "Replication factor (-1 = broker default).") var replication: Int16 = -1
        @Option(help: "Dead-letter topic (DLQ_TOPIC, default <topic>.dlq).") var dlq: String?
        @Flag(help: "Do not ask for confirmation.") var yes = false

        func run() async throws {
            let dlqName = dlq ?? "\(cluster.topicName).dlq"
            let specifications = [
                KafkaTopicSpecification.eventStore(name: cluster.topicName, partitions: partitions, replicationFactor: replication),
                KafkaTopicSpecification(name: dlqName, partitions: 3, replicationFactor: replication, configs: ["retention.ms": String(30 * 24 * 3_600_000)]),
            ]
            guard Terminal.confirm(
                "Create \(cluster.topicName) (\(partitions) partitions, infinite retention) and \(dlqName) at \(cluster.servers)?",
                assumeYes: yes)
            else { throw ExitCode(1) }
            let admin = try KafkaAdmin(configuration: cluster.client, logger: cluster.quietLogger)
            do {
                try await admin.createTopics(specifications, timeout: .seconds(15))
            } catch {
                throw CartCtlError("could not create topics at \(cluster.servers): \(error)")
            }
            print("created (or already present): \(cluster.topicName), \(dlqName)")
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show partitions, leaders and offsets of the event topic.")
        @OptionGroup var cluster: ClusterOptions

        func run() async throws {
            let partitions = try await cluster.partitions()
            let admin = try KafkaAdmin(configuration: cluster.client, logger: cluster.quietLogger)
            let metadata = try await admin.metadata(topic: cluster.topicName)
            print("topic \(cluster.topicName) at \(cluster.servers): \(partitions.count) partitions, \(metadata.brokers.count) brokers")
            var total: Int64 = 0
            for partition in metadata.topic(cluster.topicName)?.partitions ?? [] {
                let marks = try await admin.watermarks(TopicPartition(cluster.topicName, partition.id))
                total += marks.high - marks.low
                print("  partition \(partition.id): leader \(partition.leader), replicas \(partition.replicas), offsets \(marks.low)..<\(marks.high)")
            }
            print("  records: \(total)")
        }
    }
}
