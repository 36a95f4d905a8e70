/// Configuration of a ``KafkaConsumer``.
///
/// Defaults suit a read model that stores its own offsets: no auto commit, no
/// automatic offset store, `read_committed` so aborted transactions stay
/// invisible, and cooperative rebalancing.
public struct KafkaConsumerConfiguration: Sendable, Equatable {
    /// Shared client settings.
    public var client: KafkaClientConfiguration
    /// `group.id`; `nil` for a consumer that only uses ``KafkaConsumer/assign(_:)``.
    public var groupID: String?
    /// `auto.offset.reset`: where to start when there is no valid offset.
    public var autoOffsetReset: AutoOffsetReset
    /// `enable.auto.commit`.
    public var enableAutoCommit: Bool
    /// `enable.auto.offset.store`: when `false`, only offsets you store are committed.
    public var enableAutoOffsetStore: Bool
    /// `isolation.level`.
    public var isolationLevel: IsolationLevel
    /// `partition.assignment.strategy`.
    public var assignmentStrategy: AssignmentStrategy
    /// `session.timeout.ms`.
    public var sessionTimeout: Duration
    /// `max.poll.interval.ms`.
    public var maxPollInterval: Duration
    /// `enable.partition.eof`: report reaching a partition's end as an event.
    public var reportPartitionEOF: Bool
    /// `queued.min.messages`: how many messages per partition librdkafka prefetches. High, because
    /// librdkafka 2.0.2 pauses fetching for up to a second once a slower consumer lets the queue
    /// pass this mark; memory stays bounded by `queued.max.messages.kbytes` (64 MiB).
    public var prefetchMessages: Int
    /// How many messages one poll hands over at most (batch access and the message sequence).
    public var maxBatchSize: Int
    /// How long one blocking poll waits before checking for cancellation.
    public var pollTimeout: Duration

    /// `auto.offset.reset` values.
    public enum AutoOffsetReset: String, Sendable, Equatable {
        case earliest, latest
        /// Fail loudly instead of jumping: the consumer reports `offsetOutOfRange`.
        case error
    }

    /// `isolation.level` values.
    public enum IsolationLevel: String, Sendable, Equatable {
        case readCommitted = "read_committed"
        case readUncommitted = "read_uncommitted"
    }

    /// `partition.assignment.strategy` values.
    public enum AssignmentStrategy: String, Sendable, Equatable {
        /// Eager: every rebalance revokes everything first.
        case range
        /// Eager round robin.
        case roundRobin = "roundrobin"
        /// Incremental: only moved partitions are revoked.
        case cooperativeSticky = "cooperative-sticky"
    }

    /// Creates a consumer configuration.
    /// - Parameters:
    ///   - client: shared client settings.
    ///   - groupID: the consumer group, or `nil` for manual assignment only.
    public init(client: KafkaClientConfiguration = .init(), groupID: String? = nil) {
        self.client = client
        self.groupID = groupID
        self.autoOffsetReset = .earliest
        self.enableAutoCommit = false
        self.enableAutoOffsetStore = false
        self.isolationLevel = .readCommitted
        self.assignmentStrategy = .cooperativeSticky
        self.sessionTimeout = .seconds(10)
        self.maxPollInterval = .seconds(300)
        self.reportPartitionEOF = false
        self.prefetchMessages = 1_000_000
        self.maxBatchSize = 1000
        self.pollTimeout = .milliseconds(100)
    }

    /// All librdkafka properties, typed ones first, pass-through last.
    var librdkafkaProperties: [(String, String)] {
        var result = client.librdkafkaProperties
        // librdkafka needs a group.id even for assign-only consumers; commits then go nowhere useful.
        result.append(("group.id", groupID ?? "cartstream-unassigned-\(client.clientID)"))
        result += [
            ("auto.offset.reset", autoOffsetReset.rawValue),
            ("enable.auto.commit", enableAutoCommit ? "true" : "false"),
            ("enable.auto.offset.store", enableAutoOffsetStore ? "true" : "false"),
            ("isolation.level", isolationLevel.rawValue),
            ("partition.assignment.strategy", assignmentStrategy.rawValue),
            ("session.timeout.ms", String(sessionTimeout.milliseconds)),
            ("max.poll.interval.ms", String(maxPollInterval.milliseconds)),
            ("enable.partition.eof", reportPartitionEOF ? "true" : "false"),
            ("queued.min.messages", String(prefetchMessages)),
        ]
        return result + client.passThroughProperties
    }
}
