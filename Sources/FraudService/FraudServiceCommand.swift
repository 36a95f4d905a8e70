import ArgumentParser
import ConsumerRuntime
import FraudServiceCore
import Logging
import ServiceRuntime

/// `fraud-service`: risk scores over the cart event stream.
@main
struct FraudServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fraud-service", abstract: "Scores carts and customers for fraud risk (flags, else environment variables).")

    @Option(help: "Kafka bootstrap servers (KAFKA_BOOTSTRAP_SERVERS).") var bootstrapServers: String?
    @Option(help: "SQLite read model (DATABASE_PATH).") var databasePath: String?
    @Option(help: "HTTP host (HTTP_HOST, default 0.0.0.0).") var host: String?
    @Option(help: "HTTP port (HTTP_PORT, default 8081).") var port: Int?
    @Option(help: "Log level (LOG_LEVEL, default info).") var logLevel: String?
    @Option(help: "Log format json|text (LOG_FORMAT, default text).") var logFormat: String?

    func run() async throws {
        let environment = EnvironmentReader()
        LoggingBootstrap.bootstrap(
            format: LogFormat(rawValue: logFormat ?? environment.string("LOG_FORMAT", default: "text")) ?? .text,
            level: Logger.Level(rawValue: logLevel ?? environment.string("LOG_LEVEL", default: "info")) ?? .info)
        var configuration = try ConsumerConfiguration(
            serviceName: "fraud-service", defaultPort: FraudServiceApplication.defaultPort, environment: environment)
        configuration.override(bootstrapServers: bootstrapServers, databasePath: databasePath, host: host, port: port)
        _ = MetricsBootstrap.registry
        let (_, app) = try FraudServiceApplication.make(
            configuration: configuration, rules: try FraudRules(environment: environment), logger: Logger(label: "fraud-service"))
        try await ServiceRunner.run([app], logger: Logger(label: "service-group"))
    }
}
