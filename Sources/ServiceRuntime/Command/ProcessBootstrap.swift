/// What a service installs once per process, after its configuration was read: the log handler
/// and the Prometheus registry behind `/metrics`.
public enum ProcessBootstrap {
    /// Installs logging as `settings` say, and bootstraps swift-metrics.
    /// - Parameter settings: the process settings (from ``ProcessSettings/load(flags:environment:)``).
    public static func install(_ settings: ProcessSettings) {
        LoggingBootstrap.bootstrap(settings.logging)
        _ = MetricsBootstrap.registry
    }
}
