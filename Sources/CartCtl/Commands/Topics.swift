import ArgumentParser
import Kafka

/// `cartctl topics create|describe`.
struct Topics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or describe CartStream's topics.", subcommands: [Create.self, Describe.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the event topic (infinite retention) and its dead-letter topic.")
        @OptionGroup var cluster: ClusterOptions
        @Option(help: "Partitions of the event topic (the per-cart partition mapping depends on it: choose once).") var partitions: Int32 =
            12
        @Option(help: "Replication factor (-1 = broker default).") var replication: Int16 = -1
        @Option(help: "Dead-letter topic (DLQ_TOPIC, default <topic>.dlq).") var dlq: String?
        @Flag(help: "Do not ask for confirmation.") var yes = false

        func run() async throws {
            let dlqName = dlq ?? "\(cluster.topicName).dlq"
            let specifications = [
                KafkaTopicSpecification.eventStore(name: cluster.topicName, partitions: partitions, replicationFactor: replication),
                KafkaTopicSpecification(
                    name: dlqName, partitions: 3, replicationFactor: replication, configs: ["retention.ms": String(30 * 24 * 3_600_000)]),
            ]
            _ = try await cluster.clusterMetadata()
            try Terminal.requireConfirmation(
                "Create \(cluster.topicName) (\(partitions) partitions, infinite retention) and \(dlqName) at \(cluster.servers)?",
                assumeYes: yes)
            let admin = try KafkaAdmin(configuration: cluster.client, logger: cluster.quietLogger)
            do {
                try await admin.createTopics(specifications, timeout: .seconds(15))
            } catch {
                throw CartCtlError(.failed, "could not create topics at \(cluster.servers): \(error)")
            }
            print("created (or already present): \(cluster.topicName), \(dlqName)")
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show partitions, leaders and offsets of the event topic.")
        @OptionGroup var cluster: ClusterOptions
        @OptionGroup var output: OutputOptions

        /// `topics describe --output json`.
        struct Report: Encodable {
            struct Partition: Encodable {
                var partition: Int32
                var leader: Int32
                var replicas: [Int32]
                var inSyncReplicas: [Int32]
                /// The log start offset (low watermark).
                var low: Int64
                /// The log end offset (high watermark).
                var high: Int64
                /// `high - low`.
                var records: Int64
            }
            var topic: String
            var bootstrapServers: String
            var brokers: Int
            var partitions: [Partition]
            var records: Int64
        }

        func run() async throws {
            _ = try await cluster.partitions()
            let admin = try KafkaAdmin(configuration: cluster.client, logger: cluster.quietLogger)
            let metadata = try await admin.metadata(topic: cluster.topicName)
            var report = Report(
                topic: cluster.topicName, bootstrapServers: cluster.servers, brokers: metadata.brokers.count, partitions: [], records: 0)
            for partition in (metadata.topic(cluster.topicName)?.partitions ?? []).sorted(by: { $0.id < $1.id }) {
                let marks = try await admin.watermarks(TopicPartition(cluster.topicName, partition.id))
                report.records += marks.high - marks.low
                report.partitions.append(
                    Report.Partition(
                        partition: partition.id, leader: partition.leader, replicas: partition.replicas,
                        inSyncReplicas: partition.inSyncReplicas,
                        low: marks.low, high: marks.high, records: marks.high - marks.low))
            }
            if output.isJSON { return try output.printJSON(report) }
            print("topic \(report.topic) at \(report.bootstrapServers): \(report.partitions.count) partitions, \(report.brokers) brokers")
            for partition in report.partitions {
                print(
                    "  partition \(partition.partition): leader \(partition.leader), replicas \(partition.replicas), offsets \(partition.low)..<\(partition.high)"
                )
            }
            print("  records: \(report.records)")
        }
    }
}
