import ConsumerRuntime
import EmailServiceCore
import ServiceRuntime

/// Everything `email-service` is configured with, read in this one place: flag, else environment
/// variable, else default (docs/configuration.md lists them all).
struct EmailServiceSettings {
    /// Logging and supervision.
    var process: ProcessSettings
    /// The read-model consumer.
    var consumer: ConsumerConfiguration
    /// The mail relay (`SMTP_HOST`, `SMTP_PORT`, `SMTP_FROM`).
    var smtp: SMTPConfiguration
    /// How long an abandoned cart waits for its reminder (`REMINDER_AFTER_SECONDS`, default 3600).
    var reminderAfterSeconds: Int64

    /// Reads the settings.
    /// - Parameters:
    ///   - flags: the parsed flags.
    ///   - environment: the environment.
    /// - Throws: `ConfigurationError` naming a malformed variable or flag.
    static func load(flags: ConsumerServiceOptions, environment: EnvironmentReader) throws -> EmailServiceSettings {
        EmailServiceSettings(
            process: try ProcessSettings.load(flags: flags.service, environment: environment),
            consumer: try ConsumerConfiguration.load(
                serviceName: "email-service", defaultPort: EmailServiceApplication.defaultPort, flags: flags, environment: environment),
            smtp: SMTPConfiguration(
                host: environment.string("SMTP_HOST", default: "127.0.0.1"), port: try environment.int("SMTP_PORT", default: 25),
                from: environment.string("SMTP_FROM", default: "shop@cartstream.example")),
            reminderAfterSeconds: Int64(try environment.int("REMINDER_AFTER_SECONDS", default: 3600)))
    }
}
