import Kafka
public import ServiceRuntime

extension ConsumerConfiguration {
    /// Reads the variables every read-model consumer shares: flag, else environment variable, else default.
    ///
    /// Only the consumer executables' `*Settings.load` call this, next to the variables of their own
    /// (docs/configuration.md lists them all).
    /// - Parameters:
    ///   - serviceName: the service's name (consumer group, metric label, database name).
    ///   - defaultPort: its HTTP port when neither `--port` nor `HTTP_PORT` is set.
    ///   - flags: the parsed flags.
    ///   - environment: the environment.
    /// - Throws: ``ConfigurationError`` naming a malformed variable, `KafkaError` naming a Kafka property to fix.
    public static func load(
        serviceName: String, defaultPort: Int, flags: ConsumerServiceOptions, environment: EnvironmentReader
    ) throws -> ConsumerConfiguration {
        var configuration = ConsumerConfiguration(serviceName: serviceName, port: defaultPort)
        configuration.kafka = try KafkaSettings.load(clientID: configuration.kafka.clientID, flags: flags.service, environment: environment)
        configuration.topic = environment.string("CART_EVENTS_TOPIC", default: configuration.topic)
        configuration.deadLetterTopic = environment.string("DLQ_TOPIC", default: configuration.deadLetterTopic)
        configuration.databasePath = flags.databasePath ?? environment.string("DATABASE_PATH", default: configuration.databasePath)
        configuration.adminToken = environment.string("ADMIN_TOKEN", default: configuration.adminToken)
        configuration.consumerGroup = environment.string("CONSUMER_GROUP", default: configuration.consumerGroup)
        let assignment = environment.string("CONSUMER_ASSIGNMENT", default: configuration.assignment.rawValue)
        guard let mode = Assignment(rawValue: assignment) else {
            throw ConfigurationError(variable: "CONSUMER_ASSIGNMENT", value: assignment, expected: "group or all")
        }
        configuration.assignment = mode
        configuration.host = flags.service.host ?? environment.string("HTTP_HOST", default: configuration.host)
        configuration.port = try flags.service.port ?? environment.int("HTTP_PORT", default: configuration.port)
        configuration.batchSize = try environment.int("CONSUMER_BATCH_SIZE", default: configuration.batchSize)
        return configuration
    }
}
