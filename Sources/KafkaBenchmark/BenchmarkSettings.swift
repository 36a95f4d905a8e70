import Foundation
import Kafka

/// `kafka-bench`'s Kafka client settings, read in this one place: `--kafka-property` and
/// `--brokers`, else `KAFKA_*` variables, else the properties file (`--kafka-config-file` or
/// `KAFKA_CONFIG_FILE`), else the clients' defaults — the rule every CartStream executable follows
/// (docs/configuration.md, "Kafka client properties"). Nothing is reserved: the benchmark may
/// experiment with any property.
struct BenchmarkSettings {
    var propertyFlags: [String]
    var brokers: String?
    var configFile: String?
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// The client settings for one of the benchmark's clients.
    /// - Parameter clientID: its `client.id` unless a source sets one.
    func client(clientID: String) throws -> KafkaClientConfiguration {
        let sources = KafkaPropertySources(
            propertyFlags: propertyFlags, bootstrapServersFlag: brokers,
            configFile: configFile ?? environment["KAFKA_CONFIG_FILE"], environment: environment)
        return try KafkaClientConfiguration(clientID: clientID, sources: sources)
    }
}
