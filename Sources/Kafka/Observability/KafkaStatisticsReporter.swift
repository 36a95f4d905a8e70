import Foundation
import Metrics

/// Turns librdkafka's statistics JSON (`statistics.interval.ms`) into swift-metrics gauges and counters.
///
/// Metric names (Prometheus conventions):
/// - `kafka_client_queue_messages` — messages waiting in the producer queue (`msg_cnt`)
/// - `kafka_broker_rtt_seconds` — average round-trip time per broker
/// - `kafka_consumer_lag_messages` — per topic and partition
/// - `kafka_client_errors_total` — client errors by librdkafka code
public final class KafkaStatisticsReporter: Sendable {
    private let clientID: String
    private let queueDepth: Gauge
    private let latestReport = LockedValue<KafkaStatistics?>(nil)

    /// The latest parsed statistics, for callers that want them directly (nil before the first report).
    public var latest: KafkaStatistics? { latestReport.get() }

    /// Creates a reporter for one client.
    /// - Parameter clientID: the `client` label on every metric.
    public init(clientID: String) {
        self.clientID = clientID
        self.queueDepth = Gauge(label: "kafka_client_queue_messages", dimensions: [("client", clientID)])
    }

    func recordError(code: String) {
        Counter(label: "kafka_client_errors_total", dimensions: [("client", clientID), ("code", code)]).increment()
    }

    func report(json: [UInt8]) {
        guard let statistics = KafkaStatistics(json: json) else { return }
        latestReport.set(statistics)
        queueDepth.record(statistics.queuedMessages)
        for (broker, rtt) in statistics.brokerRoundTripSeconds {
            Gauge(label: "kafka_broker_rtt_seconds", dimensions: [("client", clientID), ("broker", broker)]).record(rtt)
        }
        for (partition, lag) in statistics.consumerLag {
            Gauge(
                label: "kafka_consumer_lag_messages",
                dimensions: [("client", clientID), ("topic", partition.topic), ("partition", String(partition.partition))]
            ).record(lag)
        }
    }
}

/// The parts of librdkafka's statistics that CartStream reports.
public struct KafkaStatistics: Sendable {
    /// Messages in the producer queue.
    public var queuedMessages: Int
    /// Average round-trip time per broker name, in seconds.
    public var brokerRoundTripSeconds: [String: Double]
    /// Consumer lag per assigned partition.
    public var consumerLag: [TopicPartition: Int64]

    /// Parses librdkafka's statistics JSON; `nil` when it is not valid.
    /// - Parameter json: the JSON bytes.
    public init?(json: [UInt8]) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else { return nil }
        queuedMessages = object["msg_cnt"] as? Int ?? 0
        brokerRoundTripSeconds = [:]
        if let brokers = object["brokers"] as? [String: Any] {
            for (name, value) in brokers {
                guard let broker = value as? [String: Any], let rtt = broker["rtt"] as? [String: Any],
                    let average = rtt["avg"] as? Int, average > 0
                else { continue }
                brokerRoundTripSeconds[name] = Double(average) / 1_000_000
            }
        }
        consumerLag = [:]
        if let topics = object["topics"] as? [String: Any] {
            for (topicName, value) in topics {
                guard let partitions = (value as? [String: Any])?["partitions"] as? [String: Any] else { continue }
                for (_, partitionValue) in partitions {
                    guard let partition = partitionValue as? [String: Any], let id = partition["partition"] as? Int,
                        id >= 0, let lag = partition["consumer_lag"] as? Int, lag >= 0
                    else { continue }
                    consumerLag[TopicPartition(topicName, Int32(id))] = Int64(lag)
                }
            }
        }
    }
}
