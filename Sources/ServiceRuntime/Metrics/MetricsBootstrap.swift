import Metrics
public import Prometheus
import Synchronization

/// Process-wide Prometheus metrics for swift-metrics, bootstrapped once
/// (several services in one test process share it).
public enum MetricsBootstrap {
    private static let registryOnce: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// The registry behind `/metrics`; the first call bootstraps swift-metrics.
    public static var registry: PrometheusCollectorRegistry { registryOnce }
}
