public import Kafka
public import Logging

/// What a service installs once per process, after its configuration was read: the log handler
/// and the Prometheus registry behind `/metrics`.
public enum ProcessBootstrap {
    /// Installs logging as `settings` say, and bootstraps swift-metrics.
    /// - Parameter settings: the process settings (from ``ProcessSettings/load(flags:environment:)``).
    public static func install(_ settings: ProcessSettings) {
        LoggingBootstrap.bootstrap(settings.logging)
        _ = MetricsBootstrap.registry
    }

    /// Logs, once at start-up, which Kafka client settings the service runs with — secrets
    /// redacted — and what the loaded librdkafka can do (its version and `builtin.features`).
    /// - Parameters:
    ///   - client: the resolved Kafka client settings.
    ///   - logger: where to log.
    public static func logKafkaClient(_ client: KafkaClientConfiguration, logger: Logger) {
        logger.info(
            "Kafka client",
            metadata: [
                "kafka.properties": "\(client.redactedProperties.joined(separator: ", "))",
                "librdkafka.version": "\(KafkaLibrary.version)",
                "librdkafka.features": "\(KafkaLibrary.builtinFeatures.joined(separator: ","))",
            ])
    }
}
