import ArgumentParser
import BillingServiceCore
import CartStreamBuild
import ConsumerRuntime
import Logging
import ServiceRuntime

/// `billing-service`: invoices for checkouts.
@main
struct BillingServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "billing-service", abstract: "Issues an invoice for every checkout (flags, else environment variables).",
        discussion: ConfigurationReference.helpDiscussion, version: CartStreamVersion.text(for: "billing-service"))

    @OptionGroup var options: ConsumerServiceOptions

    func run() async throws {
        let settings = try BillingServiceSettings.load(flags: options, environment: EnvironmentReader())
        ProcessBootstrap.install(settings.process)
        ProcessBootstrap.logKafkaClient(settings.consumer.kafka, logger: Logger(label: "kafka"))
        let (_, app) = try BillingServiceApplication.make(
            configuration: settings.consumer, taxRateBasisPoints: settings.taxRateBasisPoints, logger: Logger(label: "billing-service"))
        try await ServiceRunner.run([app], settings: settings.process)
    }
}
