/// Something that happened to a consumer besides messages arriving.
public enum KafkaConsumerEvent: Sendable, Equatable {
    /// The group gave this member these partitions (all of them for eager
    /// strategies, the added ones for cooperative-sticky).
    case assigned([TopicPartition])
    /// These partitions were taken away (or lost).
    case revoked([TopicPartition])
    /// The consumer reached the end of a partition (needs `reportPartitionEOF`).
    case partitionEOF(TopicPartition, offset: Int64)
    /// A non-fatal error; consumption continues.
    case error(KafkaError)
}

/// Synchronous hooks into rebalances, called on the consumer's poll thread.
///
/// Use them when a rebalance must be acted on before it completes: for example
/// to start assigned partitions at offsets stored with a read model, or to
/// commit before partitions are revoked. ``KafkaConsumer/events`` reports the
/// same rebalances asynchronously.
public struct KafkaRebalanceListener: Sendable {
    /// Called with newly assigned partitions; returns where to start each
    /// (partitions left out start at the group's committed offset).
    public var onAssign: @Sendable ([TopicPartition]) -> [TopicPartition: KafkaOffset]
    /// Called with partitions about to be revoked.
    public var onRevoke: @Sendable ([TopicPartition]) -> Void

    /// Creates a listener.
    /// - Parameters:
    ///   - onAssign: chooses start offsets for new partitions.
    ///   - onRevoke: sees partitions before they go.
    public init(
        onAssign: @escaping @Sendable ([TopicPartition]) -> [TopicPartition: KafkaOffset] = { _ in [:] },
        onRevoke: @escaping @Sendable ([TopicPartition]) -> Void = { _ in }
    ) {
        self.onAssign = onAssign
        self.onRevoke = onRevoke
    }
}
