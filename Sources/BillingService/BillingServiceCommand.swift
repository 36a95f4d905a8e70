import ArgumentParser
import ConsumerRuntime
import BillingServiceCore
import CartStreamBuild
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
        let environment = EnvironmentReader()
        let configuration = try options.configuration(
            serviceName: "billing-service", defaultPort: BillingServiceApplication.defaultPort, environment: environment)
        let (_, app) = try BillingServiceApplication.make(
            configuration: configuration, taxRateBasisPoints: Int64(try environment.int("TAX_RATE_BASIS_POINTS", default: 1900)),
            logger: Logger(label: "billing-service"))
        let groupLogger = Logger(label: "service-group")
        try await ServiceRunner.run([app], parentWatch: .fromEnvironment(environment, logger: groupLogger), logger: groupLogger)
    }
}
