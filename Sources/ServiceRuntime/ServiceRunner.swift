public import Logging
public import ServiceLifecycle
import UnixSignals

/// Runs an executable's services until SIGTERM or SIGINT, with bounded shutdown: services get
/// `gracePeriod` to finish in-flight work (commands, batches, flushes), then are cancelled, so a
/// service whose broker vanished still exits instead of hanging.
public enum ServiceRunner {
    /// Runs `services` in one `ServiceGroup`.
    /// - Parameters:
    ///   - services: the services, started in order and shut down in reverse.
    ///   - parentWatch: when the executable was started by a supervisor (`cartstream`), the watch
    ///     that shuts the group down once the supervisor is gone (see ``ParentLivenessWatch``).
    ///   - gracePeriod: the longest graceful shutdown.
    ///   - logger: the group's logger.
    public static func run(
        _ services: [any Service], parentWatch: ParentLivenessWatch? = nil, gracePeriod: Duration = .seconds(25), logger: Logger
    ) async throws {
        var entries = services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
        if let parentWatch {
            entries.insert(.init(service: parentWatch, successTerminationBehavior: .gracefullyShutdownGroup), at: 0)
        }
        var configuration = ServiceGroupConfiguration(services: entries, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = gracePeriod
        configuration.maximumCancellationDuration = .seconds(10)
        try await ServiceGroup(configuration: configuration).run()
    }

    /// Runs `services` as ``run(_:parentWatch:gracePeriod:logger:)`` does, watching the supervisor
    /// `settings` name, if any.
    /// - Parameters:
    ///   - services: the executable's services.
    ///   - settings: its process settings (from ``ProcessSettings/load(flags:environment:)``).
    public static func run(_ services: [any Service], settings: ProcessSettings) async throws {
        let logger = Logger(label: "service-group")
        try await run(services, parentWatch: .inherited(settings.parentLivenessDescriptor, logger: logger), logger: logger)
    }
}
