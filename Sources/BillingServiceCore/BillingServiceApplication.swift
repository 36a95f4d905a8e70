import CartDomain
public import ConsumerRuntime
public import Hummingbird
public import Logging
public import ServiceRuntime

/// Assembles the billing service: the consumer runtime with the invoice model, and its routes.
public enum BillingServiceApplication {
    /// The default HTTP port.
    public static let defaultPort = 8082

    /// Builds the runtime and the HTTP application.
    /// - Parameters:
    ///   - configuration: consumer settings.
    ///   - taxRateBasisPoints: the tax rate (1900 = 19 %).
    ///   - health: health monitor.
    ///   - logger: service logger.
    public static func make(
        configuration: ConsumerConfiguration, taxRateBasisPoints: Int64, health: HealthMonitor = HealthMonitor(), logger: Logger
    ) throws -> (runtime: ConsumerRuntime<BillingReadModel>, app: some ApplicationProtocol) {
        let runtime = try ConsumerRuntime(
            configuration: configuration, model: BillingReadModel(taxRateBasisPoints: taxRateBasisPoints),
            codec: CartEventCodec.cart, health: health, logger: logger)
        let app = ConsumerApplication.make(runtime: runtime, logger: logger) { router in
            BillingRoutes(runtime: runtime).add(to: router)
        }
        return (runtime, app)
    }
}
