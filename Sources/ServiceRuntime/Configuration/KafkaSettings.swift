public import Kafka

/// A service's Kafka client settings: any librdkafka property, from `--kafka-property` and
/// `--bootstrap-servers`, else `KAFKA_*` variables (and `KAFKA_*_FILE` for mounted secrets), else
/// the properties file (`--kafka-config-file` or `KAFKA_CONFIG_FILE`), else the defaults.
///
/// docs/configuration.md ("Kafka client properties") gives the rule, its exceptions and examples.
public enum KafkaSettings {
    /// Reads the settings.
    /// - Parameters:
    ///   - clientID: the `client.id` unless a source sets one.
    ///   - flags: the service's parsed flags.
    ///   - environment: the environment.
    /// - Throws: ``KafkaError`` naming the property and the variable, flag or file line to fix.
    public static func load(clientID: String, flags: ServiceOptions, environment: EnvironmentReader) throws -> KafkaClientConfiguration {
        try load(
            clientID: clientID, propertyFlags: flags.kafkaProperties, bootstrapServersFlag: flags.bootstrapServers,
            configFileFlag: flags.kafkaConfigFile, environment: environment)
    }

    /// Reads the settings from flags given one by one (for executables without ``ServiceOptions``).
    /// - Parameters:
    ///   - clientID: the `client.id` unless a source sets one.
    ///   - propertyFlags: `--kafka-property NAME=VALUE` values.
    ///   - bootstrapServersFlag: `--bootstrap-servers`, if given.
    ///   - configFileFlag: `--kafka-config-file`, if given.
    ///   - environment: the environment.
    ///   - reserved: properties the executable sets itself (default: those CartStream's guarantees rest on).
    public static func load(
        clientID: String, propertyFlags: [String], bootstrapServersFlag: String?, configFileFlag: String?,
        environment: EnvironmentReader, reserved: [String: String] = KafkaPropertySources.deliveryGuarantees
    ) throws -> KafkaClientConfiguration {
        let sources = KafkaPropertySources(
            propertyFlags: propertyFlags, bootstrapServersFlag: bootstrapServersFlag,
            configFile: configFileFlag ?? environment.optionalString("KAFKA_CONFIG_FILE"), environment: environment.values)
        return try KafkaClientConfiguration(clientID: clientID, sources: sources, reserved: reserved)
    }
}
