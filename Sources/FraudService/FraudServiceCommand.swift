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
        let environment = EnvironmentReader()
        let configuration = try options.configuration(
            serviceName: "fraud-service", defaultPort: FraudServiceApplication.defaultPort, environment: environment)
        let (_, app) = try FraudServiceApplication.make(
            configuration: configuration, rules: try FraudRules(environment: environment), logger: Logger(label: "fraud-service"))
        let groupLogger = Logger(label: "service-group")
        try await ServiceRunner.run([app], parentWatch: .fromEnvironment(environment, logger: groupLogger), logger: groupLogger)
    }
}
