import Kafka
import Metrics

/// The consumer's Prometheus metrics (swift-metrics), labelled by service.
public struct ConsumerMetrics: Sendable {
    /// The `service` label.
    public let serviceName: String
    private let applied: Counter
    private let duplicates: Counter
    private let gaps: Counter
    private let batchDuration: Metrics.Timer

    /// Creates the metrics of one service.
    /// - Parameter serviceName: the `service` label.
    public init(serviceName: String) {
        self.serviceName = serviceName
        let service = [("service", serviceName)]
        applied = Counter(label: "consumer_events_applied_total", dimensions: service)
        duplicates = Counter(label: "consumer_duplicates_total", dimensions: service)
        gaps = Counter(label: "consumer_sequence_gaps_total", dimensions: service)
        batchDuration = Metrics.Timer(label: "consumer_batch_duration_seconds", dimensions: service)
    }

    /// Records what one committed batch did.
    /// - Parameter outcome: the batch's outcome.
    func record(_ outcome: BatchOutcome, duration: Duration) {
        if outcome.applied > 0 { applied.increment(by: outcome.applied) }
        if outcome.duplicates > 0 { duplicates.increment(by: outcome.duplicates) }
        if !outcome.gaps.isEmpty { gaps.increment(by: outcome.gaps.count) }
        for (reason, count) in outcome.deadLettered {
            Counter(label: "consumer_dead_lettered_total", dimensions: [("service", serviceName), ("reason", reason)])
                .increment(by: count)
        }
        batchDuration.recordNanoseconds(
            Int64(duration.components.seconds) * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// Sets the lag gauge of a partition.
    /// - Parameters:
    ///   - partition: the partition.
    ///   - messages: records between the stored position and the high watermark.
    func lag(_ partition: TopicPartition, messages: Int64) {
        Gauge(label: "consumer_lag_messages", dimensions: [("service", serviceName), ("partition", String(partition.partition))])
            .record(Double(messages))
    }
}
