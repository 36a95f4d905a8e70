import Metrics
import Synchronization

/// The cart service's metrics (Prometheus names).
final class CartServiceMetrics: Sendable {
    private let carts = Atomic<Int>(0)
    private let cartsGauge = Gauge(label: "cart_service_carts_in_memory")
    let produceLatency = Timer(label: "kafka_produce_latency_seconds", dimensions: [("service", "cart-service")])
    let sequenceGaps = Counter(label: "cart_service_sequence_gaps_total")
    let undecodableEvents = Counter(label: "cart_service_undecodable_events_total")

    /// Counts one command by type and outcome (`ok`, `rejected`, `conflict`, `unavailable`, `replayed`).
    func command(_ name: String, outcome: String) {
        Counter(label: "cart_commands_total", dimensions: [("command", name), ("outcome", outcome)]).increment()
    }

    func cartsChanged(by delta: Int) {
        let now = carts.add(delta, ordering: .relaxed).newValue
        cartsGauge.record(now)
    }
}
