import CRdKafka

/// The one error type of the `Kafka` module.
///
/// Every error carries librdkafka's error code (numeric and symbolic name), a
/// human-readable message and librdkafka's own classification: whether the
/// operation may succeed if retried, whether the client instance is unusable
/// (fatal), and, for transactions, whether the transaction must be aborted.
public struct KafkaError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong, in terms a caller can act on.
    public enum Kind: Sendable, Equatable {
        /// A configuration property was rejected; `property` names it.
        case invalidConfiguration(property: String)
        /// The broker or librdkafka refused or failed an operation.
        case broker
        /// A produced message was not acknowledged.
        case delivery
        /// A transactional operation failed.
        case transaction
        /// The operation did not finish in time.
        case timeout
        /// No broker could be reached at the given bootstrap servers.
        case unreachable(bootstrapServers: String)
        /// The client was closed before or while the operation ran.
        case closed
        /// An argument (topic, partition, offset) was not acceptable.
        case invalidArgument
        /// A partition's position is outside its log (trimmed or recreated topic).
        case offsetOutOfRange(TopicPartition)
    }

    /// librdkafka's numeric error code (`rd_kafka_resp_err_t`).
    public let code: Int32
    /// What kind of failure this is.
    public let kind: Kind
    /// A human-readable explanation.
    public let message: String
    /// True when retrying the same operation may succeed.
    public let isRetriable: Bool
    /// True when the client instance can no longer be used.
    public let isFatal: Bool
    /// True when the current transaction must be aborted (transactional producers).
    public let requiresAbort: Bool
    /// For a failed delivery: true when the broker may nevertheless have written the record
    /// (librdkafka's `RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED`); the outcome must then be
    /// checked by reading the log, or the record's transaction aborted.
    public var possiblyPersisted: Bool = false

    /// Creates an error value.
    /// - Parameters:
    ///   - code: librdkafka error code, `0` when there is none.
    ///   - kind: the kind of failure.
    ///   - message: a readable explanation.
    ///   - isRetriable: whether a retry may succeed.
    ///   - isFatal: whether the client is unusable.
    ///   - requiresAbort: whether the transaction must be aborted.
    public init(
        code: Int32 = 0, kind: Kind, message: String,
        isRetriable: Bool = false, isFatal: Bool = false, requiresAbort: Bool = false
    ) {
        self.code = code
        self.kind = kind
        self.message = message
        self.isRetriable = isRetriable
        self.isFatal = isFatal
        self.requiresAbort = requiresAbort
    }

    /// librdkafka's symbolic name of `code`, such as `_MSG_TIMED_OUT` or `UNKNOWN_TOPIC_OR_PART`.
    public var codeName: String {
        String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(code)))
    }

    public var description: String {
        var text = "KafkaError(\(codeName)): \(message)"
        switch kind {
        case .invalidConfiguration(let property): text += " [property: \(property)]"
        case .unreachable(let servers): text += " [bootstrap.servers: \(servers)]"
        default: break
        }
        var flags: [String] = []
        if isRetriable { flags.append("retriable") }
        if isFatal { flags.append("fatal") }
        if requiresAbort { flags.append("abort transaction") }
        if possiblyPersisted { flags.append("possibly persisted") }
        if !flags.isEmpty { text += " (" + flags.joined(separator: ", ") + ")" }
        return text
    }

    /// True for the timeout codes librdkafka uses.
    public var isTimeout: Bool {
        code == RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue || code == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT.rawValue
            || code == RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT.rawValue || kind == .timeout
    }
}

extension KafkaError {
    /// An error from a `rd_kafka_resp_err_t`, with librdkafka's description as message.
    static func from(_ err: rd_kafka_resp_err_t, kind: Kind = .broker, context: String? = nil) -> KafkaError {
        let text = String(cString: rd_kafka_err2str(err))
        let message = context.map { "\($0): \(text)" } ?? text
        let isTimeout = err == RD_KAFKA_RESP_ERR__TIMED_OUT || err == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT
        return KafkaError(
            code: err.rawValue,
            kind: isTimeout && kind == .broker ? .timeout : kind,
            message: message,
            isRetriable: KafkaError.retriableCodes.contains(err.rawValue) || isTimeout
        )
    }

    /// An error from a `rd_kafka_error_t`, which it destroys.
    static func consuming(_ error: OpaquePointer, kind: Kind, context: String? = nil) -> KafkaError {
        defer { rd_kafka_error_destroy(error) }
        let text = String(cString: rd_kafka_error_string(error))
        return KafkaError(
            code: rd_kafka_error_code(error).rawValue,
            kind: kind,
            message: context.map { "\($0): \(text)" } ?? text,
            isRetriable: rd_kafka_error_is_retriable(error) != 0,
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            requiresAbort: rd_kafka_error_txn_requires_abort(error) != 0
        )
    }

    static func closed(_ what: String) -> KafkaError {
        KafkaError(code: RD_KAFKA_RESP_ERR__DESTROY.rawValue, kind: .closed, message: "\(what) is closed")
    }

    /// Codes for which a retry of the same request is reasonable.
    static let retriableCodes: Set<Int32> = [
        RD_KAFKA_RESP_ERR__TRANSPORT.rawValue,
        RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN.rawValue,
        RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue,
        RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue,
        RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE.rawValue,
        RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION.rawValue,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT.rawValue,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS.rawValue,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND.rawValue,
        RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS.rawValue,
        RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE.rawValue,
        RD_KAFKA_RESP_ERR_NOT_COORDINATOR.rawValue,
        RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART.rawValue,
        RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION.rawValue,
    ]
}
