public import Kafka

/// The errors of the consumer runtime, with what an operator or caller can act on.
public enum ConsumerError: Error, Sendable, CustomStringConvertible {
    /// The stored position of a partition does not fit the topic: it was recreated or trimmed.
    /// Consumption of that partition stops until a reset or replay.
    case topicIdentityMismatch(partition: TopicPartition, stored: Int64, actual: String)
    /// The database is being swapped or reset; retry shortly.
    case databaseUnavailable(String)
    /// Renaming a replayed database over the live one failed.
    case swapFailed(path: String, reason: String)
    /// Dead-lettering failed; the batch is retried and nothing is recorded.
    case deadLetterFailed(String)
    /// A replay is already running.
    case replayInProgress
    /// A replay request cannot be carried out.
    case invalidReplay(String)

    /// Whether retrying the same call later can succeed.
    public var isRetriable: Bool {
        switch self {
        case .databaseUnavailable, .deadLetterFailed, .replayInProgress: true
        case .topicIdentityMismatch, .swapFailed, .invalidReplay: false
        }
    }

    public var description: String {
        switch self {
        case .topicIdentityMismatch(let partition, let stored, let actual):
            "stored position of \(partition) does not match the topic: stored next offset \(stored), actual \(actual)"
        case .databaseUnavailable(let path): "database \(path) is being replaced; retry"
        case .swapFailed(let path, let reason): "cannot move the replayed database to \(path): \(reason)"
        case .deadLetterFailed(let reason): "dead-lettering failed: \(reason)"
        case .replayInProgress: "a replay is already running"
        case .invalidReplay(let reason): "invalid replay request: \(reason)"
        }
    }
}
