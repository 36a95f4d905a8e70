import ArgumentParser
import CartServiceCore
import CartStreamBuild
import Kafka
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
        let environment = EnvironmentReader()
        try options.bootstrap(environment)
        var configuration = try CartServiceConfiguration(environment: environment)
        if let servers = options.bootstrapServerList { configuration.kafka.bootstrapServers = servers }
        if let port = options.port { configuration.port = port }
        if let host = options.host { configuration.host = host }
        let logger = Logger(label: "cart-service")
        let app = try await CartServiceApplication.make(configuration: configuration, logger: logger)
        let groupLogger = Logger(label: "service-group")
        try await ServiceRunner.run([app], parentWatch: .fromEnvironment(environment, logger: groupLogger), logger: groupLogger)
    }
}
