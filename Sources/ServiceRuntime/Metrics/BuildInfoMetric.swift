import CartStreamBuild
public import Prometheus

/// `cartstream_build_info{version="…",librdkafka="…",swift="…",service="…"} 1`: which build each
/// service runs, for dashboards and for spotting a half-finished rollout.
public enum BuildInfoMetric {
    /// The gauge's name.
    public static let name = "cartstream_build_info"

    /// The labels of `service`'s gauge, in the order they are exported.
    /// - Parameter service: the service's name (`cart-service`, `fraud-service`, ...).
    public static func labels(service: String) -> [(String, String)] {
        [
            ("version", CartStreamVersion.number), ("librdkafka", CartStreamVersion.librdkafka),
            ("swift", CartStreamVersion.swift), ("service", service),
        ]
    }

    /// Registers the gauge for `service` with value 1 (again is harmless: same gauge).
    /// - Parameters:
    ///   - service: the service's name.
    ///   - registry: the registry behind `/metrics`.
    public static func register(service: String, in registry: PrometheusCollectorRegistry = MetricsBootstrap.registry) {
        let descriptor = MetricNameDescriptor(
            namespace: "cartstream", metricName: "build", unitName: "info",
            helpText: "The CartStream, librdkafka and Swift versions of this service (value always 1).")
        registry.makeGauge(descriptor: descriptor, labels: labels(service: service)).set(to: 1.0)
    }
}
