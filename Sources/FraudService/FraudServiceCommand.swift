import ArgumentParser
import CartStreamBuild
import ConsumerRuntime
import FraudServiceCore
import Logging
import ServiceRuntime

/// `fraud-service`: risk scores over the cart event stream.
@main
struct FraudServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fraud-service", abstract: "Scores carts and customers for fraud risk (flags, else environment variables).",
        discussion: ConfigurationReference.helpDiscussion, version: CartStreamVersion.text(for: "fraud-service"))

    @OptionGroup var options: ConsumerServiceOptions

    func run() async throws {
        let settings = try FraudServiceSettings.load(flags: options, environment: EnvironmentReader())
        ProcessBootstrap.install(settings.process)
        ProcessBootstrap.logKafkaClient(settings.consumer.kafka, logger: Logger(label: "kafka"))
        let (_, app) = try FraudServiceApplication.make(
            configuration: settings.consumer, rules: settings.rules, logger: Logger(label: "fraud-service"))
        try await ServiceRunner.run([app], settings: settings.process)
    }
}
