import ArgumentParser
import CartServiceCore
import CartStreamBuild
import Logging
import ServiceRuntime

/// `cart-service`: the HTTP command side of CartStream.
@main
struct CartServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cart-service",
        abstract: "Turns cart commands into events on Kafka (configuration: flags, else environment variables).",
        discussion: ConfigurationReference.helpDiscussion, version: CartStreamVersion.text(for: "cart-service"))

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let settings = try CartServiceSettings.load(flags: options, environment: EnvironmentReader())
        ProcessBootstrap.install(settings.process)
        ProcessBootstrap.logKafkaClient(settings.service.kafka, logger: Logger(label: "kafka"))
        let app = try await CartServiceApplication.make(configuration: settings.service, logger: Logger(label: "cart-service"))
        try await ServiceRunner.run([app], settings: settings.process)
    }
}
