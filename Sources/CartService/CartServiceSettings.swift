import CartServiceCore
import Kafka
import ServiceRuntime

/// Everything `cart-service` is configured with, read in this one place: flag, else environment
/// variable, else default (docs/configuration.md lists them all).
struct CartServiceSettings {
    /// Logging and supervision.
    var process: ProcessSettings
    /// The service itself.
    var service: CartServiceConfiguration

    /// Reads the settings.
    /// - Parameters:
    ///   - flags: the parsed flags.
    ///   - environment: the environment.
    /// - Throws: `ConfigurationError` naming a malformed variable or flag.
    static func load(flags: ServiceOptions, environment: EnvironmentReader) throws -> CartServiceSettings {
        var service = CartServiceConfiguration()
        service.instanceID = environment.string("INSTANCE_ID", default: service.instanceID)
        service.kafka = try KafkaSettings.load(clientID: service.instanceID, flags: flags, environment: environment)
        service.topic = environment.string("CART_EVENTS_TOPIC", default: service.topic)
        service.partitions = Int32(try environment.int("CART_EVENTS_PARTITIONS", default: Int(service.partitions)))
        service.replicationFactor = Int16(try environment.int("CART_EVENTS_REPLICATION", default: Int(service.replicationFactor)))
        service.ownershipGroup = environment.string("CART_SERVICE_GROUP", default: service.ownershipGroup)
        service.host = flags.host ?? environment.string("HTTP_HOST", default: service.host)
        service.port = try flags.port ?? environment.int("HTTP_PORT", default: service.port)
        service.commandTimeout = .milliseconds(try environment.int("COMMAND_TIMEOUT_MS", default: 5000))
        service.snapshotEvery = try environment.int("CART_SNAPSHOT_EVERY", default: service.snapshotEvery)
        service.sessionTimeout = .milliseconds(try environment.int("CART_SESSION_TIMEOUT_MS", default: 30_000))
        return CartServiceSettings(process: try ProcessSettings.load(flags: flags, environment: environment), service: service)
    }
}
