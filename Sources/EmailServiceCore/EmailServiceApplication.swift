import CartDomain
public import ConsumerRuntime
public import Hummingbird
public import Logging
public import ServiceRuntime

/// Assembles the email service: the consumer runtime with the notification model, the
/// outbox sender, and the routes.
public enum EmailServiceApplication {
    /// The default HTTP port.
    public static let defaultPort = 8083

    /// Builds the runtime, the sender and the HTTP application.
    /// - Parameters:
    ///   - configuration: consumer settings.
    ///   - reminderAfterSeconds: reminder delay in event time.
    ///   - smtp: mail server settings.
    ///   - health: health monitor.
    ///   - logger: service logger.
    public static func make(
        configuration: ConsumerConfiguration, reminderAfterSeconds: Int64, smtp: SMTPConfiguration,
        health: HealthMonitor = HealthMonitor(), logger: Logger
    ) throws -> (runtime: ConsumerRuntime<EmailReadModel>, sender: OutboxSender, app: some ApplicationProtocol) {
        let model = EmailReadModel(reminderAfterSeconds: reminderAfterSeconds, templates: try EmailTemplates())
        let runtime = try ConsumerRuntime(
            configuration: configuration, model: model, codec: CartEventCodec.cart, health: health, logger: logger)
        let sender = OutboxSender(
            store: runtime.store, ledger: try DeliveryLedger(path: configuration.databasePath + ".deliveries"),
            client: SMTPClient(configuration: smtp), logger: logger)
        let app = ConsumerApplication.make(runtime: runtime, services: [sender], logger: logger) { router in
            EmailRoutes(runtime: runtime).add(to: router)
        }
        return (runtime, sender, app)
    }
}
