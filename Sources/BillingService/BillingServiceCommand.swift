import ArgumentParser
import ConsumerRuntime
import BillingServiceCore
import Logging
import ServiceRuntime

/// `billing-service`: invoices for checkouts.
@main
struct BillingServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "billing-service", abstract: "Issues an invoice for every checkout (flags, else environment variables).")

    @Option(help: "Kafka bootstrap servers (KAFKA_BOOTSTRAP_SERVERS).") var bootstrapServers: String?
    @Option(help: "SQLite read model (DATABASE_PATH).") var databasePath: String?
    @Option(help: "HTTP host (HTTP_HOST, default 0.0.0.0).") var host: String?
    @Option(help: "HTTP port (HTTP_PORT, default 8082).") var port: Int?
    @Option(help: "Log level (LOG_LEVEL, default info).") var logLevel: String?
    @Option(help: "Log format json|text (LOG_FORMAT, default text).") var logFormat: String?

    func run() async throws {
        let environment = EnvironmentReader()
        LoggingBootstrap.bootstrap(
            format: LogFormat(rawValue: logFormat ?? environment.string("LOG_FORMAT", default: "text")) ?? .text,
            level: Logger.Level(rawValue: logLevel ?? environment.string("LOG_LEVEL", default: "info")) ?? .info)
        var configuration = try ConsumerConfiguration(
            serviceName: "billing-service", defaultPort: BillingServiceApplication.defaultPort, environment: environment)
        configuration.override(bootstrapServers: bootstrapServers, databasePath: databasePath, host: host, port: port)
        _ = MetricsBootstrap.registry
        let (_, app) = try BillingServiceApplication.make(
            configuration: configuration, taxRateBasisPoints: Int64(try environment.int("TAX_RATE_BASIS_POINTS", default: 1900)),
            logger: Logger(label: "billing-service"))
        try await ServiceRunner.run([app], logger: Logger(label: "service-group"))
    }
}
