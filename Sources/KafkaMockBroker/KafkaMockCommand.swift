import ArgumentParser
import CartStreamBuild
import Foundation
import Kafka
import Logging
import ServiceLifecycle
import UnixSignals

/// `kafka-mock`: runs librdkafka's mock Kafka cluster until SIGTERM or Ctrl-C,
/// so tests, demos and other processes have a broker on loopback.
@main
struct KafkaMockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka-mock",
        abstract: "Run an in-memory Kafka cluster (librdkafka's mock) on loopback until stopped.",
        discussion: ConfigurationReference.helpDiscussion, version: CartStreamVersion.text(for: "kafka-mock"))

    @Option(help: "Number of brokers.")
    var brokers: Int = 3

    @Option(name: .customLong("topic"), help: "A topic to create, as NAME:PARTITIONS (repeatable).")
    var topics: [String] = []

    @Flag(
        help: """
            Give every topic the same even leader layout (partition p led by broker p % min(3, brokers) + 1) \
            instead of the mock's random leaders. Caution: librdkafka 2.0.2's leader call sometimes never \
            returns; a caller must give up on a start that does not come up (scripts/bench.sh restarts it).
            """)
    var balancedLeaders = false

    @Option(help: "Write the bootstrap servers to this file once the cluster is up.")
    var bootstrapFile: String?

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "kafka-mock")
        let cluster = try MockCluster(brokers: brokers, logger: logger)
        for topic in topics {
            let parts = topic.split(separator: ":")
            guard let name = parts.first, let partitions = parts.count > 1 ? Int32(parts[1]) : 1 else {
                throw ValidationError("--topic takes NAME:PARTITIONS, got \(topic)")
            }
            let replicas = Int32(min(3, brokers))
            try cluster.createTopic(String(name), partitions: partitions, replicationFactor: replicas)
            if balancedLeaders {
                for partition in 0..<partitions {
                    try cluster.setPartitionLeader(topic: String(name), partition: partition, broker: partition % replicas + 1)
                }
            }
        }
        if let bootstrapFile {
            try cluster.bootstrapServers.write(toFile: bootstrapFile, atomically: true, encoding: .utf8)
        }
        FileHandle.standardOutput.write(Data((cluster.bootstrapServers + "\n").utf8))
        logger.info("mock cluster up", metadata: ["bootstrap.servers": "\(cluster.bootstrapServers)"])
        let group = ServiceGroup(services: [cluster], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}
