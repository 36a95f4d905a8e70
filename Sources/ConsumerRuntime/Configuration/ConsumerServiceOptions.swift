import ArgumentParser
import ServiceRuntime

/// The flags of a consumer service: the common ones plus its read-model database.
public struct ConsumerServiceOptions: ParsableArguments {
    @OptionGroup public var service: ServiceOptions
    @Option(help: "SQLite read model (DATABASE_PATH).") public var databasePath: String?

    public init() {}

    /// Bootstraps logging and metrics, then reads the consumer configuration (flags win over environment).
    /// - Parameters:
    ///   - serviceName: the service's name (consumer group, metrics label).
    ///   - defaultPort: its HTTP port when neither flag nor `HTTP_PORT` is set.
    ///   - environment: the environment variables.
    public func configuration(serviceName: String, defaultPort: Int, environment: EnvironmentReader) throws -> ConsumerConfiguration {
        try service.bootstrap(environment)
        var configuration = try ConsumerConfiguration(serviceName: serviceName, defaultPort: defaultPort, environment: environment)
        configuration.override(bootstrapServers: service.bootstrapServers, databasePath: databasePath, host: service.host, port: service.port)
        return configuration
    }
}
