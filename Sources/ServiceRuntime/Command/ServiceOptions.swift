public import ArgumentParser

/// The flags every CartStream service takes; each wins over its environment variable
/// (the executable's `*Settings.load(flags:environment:)` combines them).
public struct ServiceOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap servers (KAFKA_BOOTSTRAP_SERVERS, default localhost:9092).") public var bootstrapServers: String?
    @Option(
        name: .customLong("kafka-property"),
        help: "Any librdkafka property NAME=VALUE, repeatable; wins over KAFKA_* variables and the properties file.")
    public var kafkaProperties: [String] = []
    @Option(help: "Kafka client properties file, Java style (KAFKA_CONFIG_FILE).") public var kafkaConfigFile: String?
    @Option(help: "HTTP host (HTTP_HOST, default 0.0.0.0).") public var host: String?
    @Option(help: "HTTP port (HTTP_PORT; each service has its own default).") public var port: Int?
    @Option(
        help: "Log level trace|debug|info|notice|warning|error|critical, any case; warn and fatal are aliases (LOG_LEVEL, default info).")
    public var logLevel: String?
    @Option(help: "Log format json|text (LOG_FORMAT, default text).") public var logFormat: String?

    public init() {}

    /// The logging settings from the flags, else `environment` (see ``LoggingSettings/load(levelFlag:formatFlag:environment:)``).
    /// - Parameter environment: the environment variables.
    /// - Throws: ``ConfigurationError`` for an unknown level or format.
    public func loggingSettings(_ environment: EnvironmentReader) throws -> LoggingSettings {
        try LoggingSettings.load(levelFlag: logLevel, formatFlag: logFormat, environment: environment)
    }
}
