import ConsumerRuntime
import FraudServiceCore
import ServiceRuntime

/// Everything `fraud-service` is configured with, read in this one place: flag, else environment
/// variable, else default (docs/configuration.md lists them all).
struct FraudServiceSettings {
    /// Logging and supervision.
    var process: ProcessSettings
    /// The read-model consumer.
    var consumer: ConsumerConfiguration
    /// The rules' thresholds.
    var rules: FraudRules

    /// Reads the settings.
    /// - Parameters:
    ///   - flags: the parsed flags.
    ///   - environment: the environment.
    /// - Throws: `ConfigurationError` naming a malformed variable or flag.
    static func load(flags: ConsumerServiceOptions, environment: EnvironmentReader) throws -> FraudServiceSettings {
        var rules = FraudRules()
        rules.highCartValueMinorUnits = Int64(try environment.int("FRAUD_HIGH_VALUE_MINOR", default: Int(rules.highCartValueMinorUnits)))
        rules.customerWindowSeconds = Int64(try environment.int("FRAUD_WINDOW_SECONDS", default: Int(rules.customerWindowSeconds)))
        rules.maxCartsPerWindow = try environment.int("FRAUD_MAX_CARTS", default: rules.maxCartsPerWindow)
        rules.maxCheckoutsPerWindow = try environment.int("FRAUD_MAX_CHECKOUTS", default: rules.maxCheckoutsPerWindow)
        rules.maxShippingAddressesPerWindow = try environment.int("FRAUD_MAX_ADDRESSES", default: rules.maxShippingAddressesPerWindow)
        rules.maxPaymentReferencesPerWindow = try environment.int("FRAUD_MAX_PAYMENT_REFS", default: rules.maxPaymentReferencesPerWindow)
        rules.churnWindowSeconds = Int64(try environment.int("FRAUD_CHURN_WINDOW_SECONDS", default: Int(rules.churnWindowSeconds)))
        rules.minChangesBeforeCheckout = try environment.int("FRAUD_MIN_CHURN", default: rules.minChangesBeforeCheckout)
        return FraudServiceSettings(
            process: try ProcessSettings.load(flags: flags.service, environment: environment),
            consumer: try ConsumerConfiguration.load(
                serviceName: "fraud-service", defaultPort: FraudServiceApplication.defaultPort, flags: flags, environment: environment),
            rules: rules)
    }
}
