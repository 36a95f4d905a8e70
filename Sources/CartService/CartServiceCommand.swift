import ArgumentParser
import CartServiceCore
import Kafka
import Logging
import ServiceRuntime

/// `cart-service`: the HTTP command side of CartStream.
@main
struct CartServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cart-service",
        abstract: "Turns cart commands into events on Kafka (configuration: flags, else environment variables).")

    @Option(help: "Kafka bootstrap servers (KAFKA_BOOTSTRAP_SERVERS).")
    var bootstrapServers: String?
    @Option(help: "HTTP port (HTTP_PORT, default 8080).")
    var port: Int?
    @Option(help: "HTTP host (HTTP_HOST, default 0.0.0.0).")
    var host: String?
    @Option(help: "Log level (LOG_LEVEL, default info).")
    var logLevel: String?
    @Option(help: "Log format json|text (LOG_FORMAT, default text).")
    var logFormat: String?

    func run() async throws {
        let environment = EnvironmentReader()
        LoggingBootstrap.bootstrap(
            format: LogFormat(rawValue: logFormat ?? environment.string("LOG_FORMAT", default: "text")) ?? .text,
            level: Logger.Level(rawValue: logLevel ?? environment.string("LOG_LEVEL", default: "info")) ?? .info)
        var configuration = try CartServiceConfiguration(environment: environment)
        if let bootstrapServers { configuration.kafka.bootstrapServers = bootstrapServers.split(separator: ",").map(String.init) }
        if let port { configuration.port = port }
        if let host { configuration.host = host }
        let logger = Logger(label: "cart-service")
        _ = MetricsBootstrap.registry
        let app = try await CartServiceApplication.make(configuration: configuration, logger: logger)
        try await ServiceRunner.run([app], logger: Logger(label: "service-group"))
    }
}
