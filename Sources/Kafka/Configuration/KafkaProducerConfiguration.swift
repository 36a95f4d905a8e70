/// Configuration of a ``KafkaProducer``.
///
/// Defaults are the safe ones for an event store: every in-sync replica
/// acknowledges (`acks=all`) and idempotence is on, so retries never duplicate
/// or reorder a partition's messages.
public struct KafkaProducerConfiguration: Sendable, Equatable {
    /// Shared client settings (bootstrap servers, client id, pass-through properties).
    public var client: KafkaClientConfiguration
    /// `acks`: how many replicas must acknowledge a write.
    public var acks: Acks
    /// `enable.idempotence`: exactly-once, in-order delivery per partition.
    public var idempotence: Bool
    /// `linger.ms`: how long to wait to fill a batch.
    public var linger: Duration
    /// `batch.num.messages`: the most messages in one batch.
    public var maxBatchMessages: Int
    /// `queue.buffering.max.messages`: the local queue's bound; a full queue applies backpressure.
    public var maxQueuedMessages: Int
    /// `message.timeout.ms`: how long a message may wait for an acknowledgement before it fails.
    public var messageTimeout: Duration
    /// `compression.type`.
    public var compression: Compression
    /// `partitioner`: how keys map to partitions. The default matches the Java client.
    public var partitioner: Partitioner
    /// `transactional.id`: set it to use transactions; the producer is fenced per id.
    public var transactionalID: String?
    /// `transaction.timeout.ms`.
    public var transactionTimeout: Duration
    /// How often the background thread serves delivery reports when idle.
    public var pollInterval: Duration
    /// Whether ``KafkaProducer/send(_:)`` and ``KafkaProducer/send(contentsOf:)`` add the current
    /// task's `ServiceContext` to each record's headers through the instrument bootstrapped with
    /// swift-distributed-tracing's `InstrumentationSystem` (for example a W3C `traceparent`).
    /// Nothing is added without a bootstrapped instrument or a current context. `enqueue` keeps
    /// its hot path free of it: call ``KafkaProducerRecord/injectServiceContext(_:)`` there.
    public var propagatesServiceContext: Bool

    /// `acks` values.
    public enum Acks: String, Sendable, Equatable {
        /// Leader and all in-sync replicas (`-1`).
        case all = "-1"
        /// The leader only.
        case leader = "1"
        /// No acknowledgement (never use for an event store).
        case none = "0"
    }

    /// `compression.type` values.
    public enum Compression: String, Sendable, Equatable {
        case none, gzip, snappy, lz4, zstd
    }

    /// `partitioner` values.
    public enum Partitioner: String, Sendable, Equatable {
        /// Java client compatible: murmur2 hash of the key; keyless messages spread randomly.
        case murmur2Random = "murmur2_random"
        /// Java client compatible murmur2; keyless messages all go to one partition.
        case murmur2 = "murmur2"
        /// librdkafka's default (CRC32), as other librdkafka clients use.
        case consistentRandom = "consistent_random"
    }

    /// Creates a producer configuration with safe defaults.
    /// - Parameters:
    ///   - client: shared client settings.
    ///   - transactionalID: a transactional id, to enable transactions.
    public init(client: KafkaClientConfiguration = .init(), transactionalID: String? = nil) {
        self.client = client
        self.acks = .all
        self.idempotence = true
        self.linger = .milliseconds(5)
        self.maxBatchMessages = 10_000
        self.maxQueuedMessages = 100_000
        self.messageTimeout = .seconds(30)
        self.compression = .none
        self.partitioner = .murmur2Random
        self.transactionalID = transactionalID
        self.transactionTimeout = .seconds(60)
        self.pollInterval = .milliseconds(100)
        self.propagatesServiceContext = true
    }

    /// All librdkafka properties, typed ones first, pass-through last.
    var librdkafkaProperties: [(String, String)] {
        var result = client.librdkafkaProperties
        result += [
            ("acks", acks.rawValue),
            ("enable.idempotence", idempotence ? "true" : "false"),
            ("linger.ms", String(linger.milliseconds)),
            ("batch.num.messages", String(maxBatchMessages)),
            ("queue.buffering.max.messages", String(maxQueuedMessages)),
            ("message.timeout.ms", String(messageTimeout.milliseconds)),
            ("compression.type", compression.rawValue),
            ("partitioner", partitioner.rawValue),
        ]
        if let transactionalID {
            result.append(("transactional.id", transactionalID))
            result.append(("transaction.timeout.ms", String(transactionTimeout.milliseconds)))
        }
        return result + client.passThroughProperties
    }
}
