import ArgumentParser
import Foundation
import Kafka
import Logging

/// Where the cluster and the topic are (flags, else environment, else defaults).
struct ClusterOptions: ParsableArguments {
    @Option(name: .customLong("bootstrap-servers"), help: "Kafka bootstrap servers (KAFKA_BOOTSTRAP_SERVERS, default localhost:9092).")
    var bootstrapServers: String?

    @Option(help: "The event topic (CART_EVENTS_TOPIC, default cart-events).")
    var topic: String?

    @Option(
        name: .customLong("kafka-property"),
        help: "Any librdkafka property NAME=VALUE, repeatable; wins over KAFKA_* variables and the properties file.")
    var kafkaProperties: [String] = []

    @Option(help: "Kafka client properties file, Java style (KAFKA_CONFIG_FILE).")
    var kafkaConfigFile: String?

    var servers: String {
        (try? client.bootstrapServersString) ?? bootstrapServers ?? CartCtlEnvironment.current.bootstrapServers ?? "localhost:9092"
    }

    var topicName: String {
        topic ?? CartCtlEnvironment.current.topic ?? "cart-events"
    }

    /// The Kafka client settings: flags, else `KAFKA_*` variables, else the properties file, else defaults.
    var client: KafkaClientConfiguration {
        get throws {
            let environment = CartCtlEnvironment.current
            let sources = KafkaPropertySources(
                propertyFlags: kafkaProperties, bootstrapServersFlag: bootstrapServers,
                configFile: kafkaConfigFile ?? environment.kafkaConfigFile, environment: environment.all)
            return try KafkaClientConfiguration(clientID: "cartctl", sources: sources, reserved: KafkaPropertySources.deliveryGuarantees)
        }
    }

    /// A logger that keeps librdkafka's chatter out of the terminal.
    var quietLogger: Logger {
        var logger = Logger(label: "cartctl")
        logger.logLevel = .critical
        return logger
    }

    /// The event topic's partitions, or an error a person can act on.
    func partitions() async throws -> [Int32] { try await partitions(of: topicName) }

    /// The partitions of `topic`: ``CartCtlError/Kind/brokerUnreachable`` with librdkafka's own
    /// reason when no broker answers, ``CartCtlError/Kind/topicMissing`` naming the topics there.
    func partitions(of topic: String) async throws -> [Int32] {
        let metadata = try await clusterMetadata()
        guard let found = metadata.topic(topic) else {
            let known = metadata.topics.map(\.name).filter { !$0.hasPrefix("__") }.sorted()
            throw CartCtlError(
                .topicMissing,
                "topic \(topic) does not exist at \(servers) (topics there: \(known.isEmpty ? "none" : known.joined(separator: ", "))). "
                    + "Create it with: cartctl topics create")
        }
        return found.partitions.map(\.id)
    }

    /// The cluster's metadata, or ``CartCtlError/Kind/brokerUnreachable`` saying why not.
    func clusterMetadata() async throws -> KafkaClusterMetadata {
        let admin = try KafkaAdmin(configuration: try client, logger: quietLogger)
        do {
            return try await admin.metadata(timeout: .seconds(5))
        } catch {
            let reason = admin.recentClientError.map { Self.reason(of: $0) } ?? "no answer within 5 s; is the broker running?"
            throw CartCtlError(
                .brokerUnreachable, "cannot reach Kafka at \(servers): \(reason). Pass --bootstrap-servers or set KAFKA_BOOTSTRAP_SERVERS.")
        }
    }

    /// librdkafka's reason without its trailing code description (`…: Local: Host resolution failure`)
    /// when the reason itself already says it.
    static func reason(of error: KafkaError) -> String {
        var message = error.message
        if let range = message.range(of: ": Local: ", options: .backwards) { message = String(message[..<range.lowerBound]) }
        return message
    }
}
