public import Hummingbird
public import Logging
public import ServiceLifecycle
import ServiceRuntime

/// Assembles a consumer service: its query routes, `/health/*`, `/metrics`, `/admin/*`,
/// and the runtime (plus any other services) running beside the HTTP server.
public enum ConsumerApplication {
    /// Builds the application; `main` runs it.
    /// - Parameters:
    ///   - runtime: the consumer runtime.
    ///   - services: further services to run (an outbox sender).
    ///   - logger: the service logger.
    ///   - routes: adds the service's query routes.
    public static func make<Model: ReadModel>(
        runtime: ConsumerRuntime<Model>, services: [any Service] = [], logger: Logger,
        routes: (Router<BasicRequestContext>) -> Void
    ) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: LogRequestsMiddleware(.debug))
        routes(router)
        ConsumerAdminRoutes.add(to: router, runtime: runtime)
        BuildInfoMetric.register(service: runtime.configuration.serviceName)
        var app = Application(
            router: router,
            configuration: .init(
                address: .hostname(runtime.configuration.host, port: runtime.configuration.port),
                serverName: runtime.configuration.serviceName),
            logger: logger)
        app.addServices(runtime)
        for service in services { app.addServices(service) }
        return app
    }
}
