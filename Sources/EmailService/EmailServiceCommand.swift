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
        let settings = try EmailServiceSettings.load(flags: options, environment: EnvironmentReader())
        ProcessBootstrap.install(settings.process)
        ProcessBootstrap.logKafkaClient(settings.consumer.kafka, logger: Logger(label: "kafka"))
        let (_, _, app) = try EmailServiceApplication.make(
            configuration: settings.consumer, reminderAfterSeconds: settings.reminderAfterSeconds,
            smtp: settings.smtp, logger: Logger(label: "email-service"))
        try await ServiceRunner.run([app], settings: settings.process)
    }
}
