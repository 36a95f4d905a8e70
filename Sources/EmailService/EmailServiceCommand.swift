import ArgumentParser
import ConsumerRuntime
import EmailServiceCore
import Logging
import ServiceRuntime

/// `email-service`: customer notifications over SMTP.
@main
struct EmailServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "email-service", abstract: "Sends order confirmations and cart reminders (flags, else environment variables).")

    @Option(help: "Kafka bootstrap servers (KAFKA_BOOTSTRAP_SERVERS).") var bootstrapServers: String?
    @Option(help: "SQLite read model (DATABASE_PATH).") var databasePath: String?
    @Option(help: "HTTP host (HTTP_HOST, default 0.0.0.0).") var host: String?
    @Option(help: "HTTP port (HTTP_PORT, default 8083).") var port: Int?
    @Option(help: "Log level (LOG_LEVEL, default info).") var logLevel: String?
    @Option(help: "Log format json|text (LOG_FORMAT, default text).") var logFormat: String?

    func run() async throws {
        let environment = EnvironmentReader()
        LoggingBootstrap.bootstrap(
            format: LogFormat(rawValue: logFormat ?? environment.string("LOG_FORMAT", default: "text")) ?? .text,
            level: Logger.Level(rawValue: logLevel ?? environment.string("LOG_LEVEL", default: "info")) ?? .info)
        var configuration = try ConsumerConfiguration(
            serviceName: "email-service", defaultPort: EmailServiceApplication.defaultPort, environment: environment)
        configuration.override(bootstrapServers: bootstrapServers, databasePath: databasePath, host: host, port: port)
        _ = MetricsBootstrap.registry
        let smtp = SMTPConfiguration(
            host: environment.string("SMTP_HOST", default: "127.0.0.1"), port: try environment.int("SMTP_PORT", default: 25),
            from: environment.string("SMTP_FROM", default: "shop@cartstream.example"))
        let (_, _, app) = try EmailServiceApplication.make(
            configuration: configuration, reminderAfterSeconds: Int64(try environment.int("REMINDER_AFTER_SECONDS", default: 3600)),
            smtp: smtp, logger: Logger(label: "email-service"))
        try await ServiceRunner.run([app], logger: Logger(label: "service-group"))
    }
}
