import CartDomain
public import ConsumerRuntime
public import Hummingbird
public import Logging
public import ServiceRuntime

/// Assembles the fraud service: the consumer runtime with the fraud model, and its routes.
public enum FraudServiceApplication {
    /// The default HTTP port.
    public static let defaultPort = 8081

    /// Builds the runtime and the HTTP application.
    /// - Parameters:
    ///   - configuration: consumer settings.
    ///   - rules: fraud thresholds.
    ///   - health: health monitor.
    ///   - logger: service logger.
    public static func make(
        configuration: ConsumerConfiguration, rules: FraudRules, health: HealthMonitor = HealthMonitor(), logger: Logger
    ) throws -> (runtime: ConsumerRuntime<FraudReadModel>, app: some ApplicationProtocol) {
        let runtime = try ConsumerRuntime(
            configuration: configuration, model: FraudReadModel(rules: rules), codec: CartEventCodec.cart, health: health, logger: logger)
        let app = ConsumerApplication.make(runtime: runtime, logger: logger) { router in
            FraudRoutes(runtime: runtime).add(to: router)
        }
        return (runtime, app)
    }
}
