import BillingServiceCore
import ConsumerRuntime
import ServiceRuntime

/// Everything `billing-service` is configured with, read in this one place: flag, else environment
/// variable, else default (docs/configuration.md lists them all).
struct BillingServiceSettings {
    /// Logging and supervision.
    var process: ProcessSettings
    /// The read-model consumer.
    var consumer: ConsumerConfiguration
    /// The tax rate in basis points (`TAX_RATE_BASIS_POINTS`, default 1900 = 19 %).
    var taxRateBasisPoints: Int64

    /// Reads the settings.
    /// - Parameters:
    ///   - flags: the parsed flags.
    ///   - environment: the environment.
    /// - Throws: `ConfigurationError` naming a malformed variable or flag.
    static func load(flags: ConsumerServiceOptions, environment: EnvironmentReader) throws -> BillingServiceSettings {
        BillingServiceSettings(
            process: try ProcessSettings.load(flags: flags.service, environment: environment),
            consumer: try ConsumerConfiguration.load(
                serviceName: "billing-service", defaultPort: BillingServiceApplication.defaultPort, flags: flags, environment: environment),
            taxRateBasisPoints: Int64(try environment.int("TAX_RATE_BASIS_POINTS", default: 1900)))
    }
}
