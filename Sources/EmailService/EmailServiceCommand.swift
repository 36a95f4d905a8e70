import ArgumentParser
import CartStreamBuild
import ConsumerRuntime
import EmailServiceCore
import Logging
import ServiceRuntime

/// `email-service`: customer notifications over SMTP.
@main
struct EmailServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "email-service", abstract: "Sends order confirmations and cart reminders (flags, else environment variables).",
        discussion: ConfigurationReference.helpDiscussion, version: CartStreamVersion.text(for: "email-service"))

    @OptionGroup var options: ConsumerServiceOptions

    func run() async throws {
        let environment = EnvironmentReader()
        let configuration = try options.configuration(
            serviceName: "email-service", defaultPort: EmailServiceApplication.defaultPort, environment: environment)
        let smtp = SMTPConfiguration(
            host: environment.string("SMTP_HOST", default: "127.0.0.1"), port: try environment.int("SMTP_PORT", default: 25),
            from: environment.string("SMTP_FROM", default: "shop@cartstream.example"))
        let (_, _, app) = try EmailServiceApplication.make(
            configuration: configuration, reminderAfterSeconds: Int64(try environment.int("REMINDER_AFTER_SECONDS", default: 3600)),
            smtp: smtp, logger: Logger(label: "email-service"))
        let groupLogger = Logger(label: "service-group")
        try await ServiceRunner.run([app], parentWatch: .fromEnvironment(environment, logger: groupLogger), logger: groupLogger)
    }
}
