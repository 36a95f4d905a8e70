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

    var servers: String {
        bootstrapServers ?? ProcessInfo.processInfo.environment["KAFKA_BOOTSTRAP_SERVERS"] ?? "localhost:9092"
    }

    var topicName: String {
        topic ?? ProcessInfo.processInfo.environment["CART_EVENTS_TOPIC"] ?? "cart-events"
    }

    var client: KafkaClientConfiguration {
        KafkaClientConfiguration(bootstrapServers: servers.split(separator: ",").map(String.init), clientID: "cartctl")
    }

    /// A logger that keeps librdkafka's chatter out of the terminal.
    var quietLogger: Logger {
        var logger = Logger(label: "cartctl")
        logger.logLevel = .critical
        return logger
    }

    /// The topic's partitions, or an error a person can act on.
    func partitions() async throws -> [Int32] {
        let admin = try KafkaAdmin(configuration: client, logger: quietLogger)
        let metadata: KafkaClusterMetadata
        do {
            metadata = try await admin.metadata(timeout: .seconds(5))
        } catch {
            throw CartCtlError("cannot reach Kafka at \(servers) (no answer within 5 s). Is the broker running? "
                + "Pass --bootstrap-servers or set KAFKA_BOOTSTRAP_SERVERS.")
        }
        guard let topic = metadata.topic(topicName) else {
            let known = metadata.topics.map(\.name).filter { !$0.hasPrefix("__") }.sorted()
            throw CartCtlError("topic \(topicName) does not exist at \(servers) (topics there: \(known.isEmpty ? "none" : known.joined(separator: ", "))). "
                + "Create it with: cartctl topics create")
        }
        return topic.partitions.map(\.id)
    }
}

/// An error with a message a person can act on.
struct CartCtlError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
