import Kafka
import ServiceRuntime

/// The local system's Kafka: the embedded mock cluster, or the cluster `--bootstrap-servers` names,
/// with any librdkafka property from `--kafka-property`, `KAFKA_*` variables and the properties
/// file (the rule every CartStream executable follows, docs/configuration.md).
struct LauncherKafkaSettings {
    /// The resolved client settings; `bootstrapServers` is only meaningful when ``usesExternalCluster``.
    var client: KafkaClientConfiguration
    /// `--bootstrap-servers` was given: no embedded cluster.
    var usesExternalCluster: Bool
    /// `--kafka-config-file`, passed on to the services.
    var configFileFlag: String?

    /// Reads the settings.
    /// - Parameters:
    ///   - propertyFlags: `--kafka-property` values.
    ///   - bootstrapServersFlag: `--bootstrap-servers`, if given.
    ///   - configFileFlag: `--kafka-config-file`, if given.
    ///   - environment: the launcher's environment.
    /// - Throws: `KafkaError` naming the property and where it came from.
    static func load(
        propertyFlags: [String], bootstrapServersFlag: String?, configFileFlag: String?, environment: EnvironmentReader
    ) throws -> LauncherKafkaSettings {
        let client = try KafkaSettings.load(
            clientID: "cartstream", propertyFlags: propertyFlags, bootstrapServersFlag: bootstrapServersFlag,
            configFileFlag: configFileFlag, environment: environment)
        return LauncherKafkaSettings(client: client, usesExternalCluster: bootstrapServersFlag != nil, configFileFlag: configFileFlag)
    }

    /// What the services need on top of the environment they inherit so that they resolve exactly
    /// these settings: the properties given as flags (as `KAFKA_*` variables, their `_FILE`
    /// variants blanked), the properties file given as a flag, and the cluster to use.
    /// - Parameter bootstrapServers: the cluster the services connect to.
    func serviceEnvironment(bootstrapServers: String) -> [String: String] {
        var environment: [String: String] = [:]
        for (name, origin) in client.propertyOrigins where origin == "--kafka-property" {
            let value: String? =
                switch name {
                case "bootstrap.servers", "metadata.broker.list": nil
                case "security.protocol": client.securityProtocol.rawValue
                case "client.id": client.clientID
                default: client.properties[name]
                }
            guard let value else { continue }
            let variable = KafkaPropertySources.variableName(forProperty: name)
            environment[variable] = value
            environment[variable + "_FILE"] = ""
        }
        if let configFileFlag { environment["KAFKA_CONFIG_FILE"] = configFileFlag }
        environment["KAFKA_BOOTSTRAP_SERVERS"] = bootstrapServers
        environment["KAFKA_BOOTSTRAP_SERVERS_FILE"] = ""
        return environment
    }
}
