import Foundation

/// Every environment variable `cartctl` reads, in this one place. Each one is the fallback of a
/// flag (the flag wins); docs/configuration.md and docs/cartctl.md list them.
struct CartCtlEnvironment: Sendable {
    /// `KAFKA_BOOTSTRAP_SERVERS`, behind `--bootstrap-servers` (also a property variable, below).
    var bootstrapServers: String?
    /// `KAFKA_CONFIG_FILE`, behind `--kafka-config-file`.
    var kafkaConfigFile: String?
    /// Every variable, for the `KAFKA_*` property variables (docs/configuration.md, "Kafka client properties").
    var all: [String: String]
    /// `CART_EVENTS_TOPIC`, behind `--topic`.
    var topic: String?
    /// `DLQ_TOPIC`, behind `--dlq-topic`.
    var deadLetterTopic: String?
    /// `ADMIN_TOKEN`, behind `--token`.
    var adminToken: String?
    /// `USER`, the default actor recorded with a DLQ resolution.
    var user: String?
    /// `NO_COLOR`, `FORCE_COLOR` and `TERM`, for ``ColorPolicy``.
    var noColor: String?, forceColor: String?, term: String?

    /// Reads the variables from `environment`.
    /// - Parameter environment: the process environment by default.
    init(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        bootstrapServers = environment["KAFKA_BOOTSTRAP_SERVERS"]
        kafkaConfigFile = environment["KAFKA_CONFIG_FILE"]
        all = environment
        topic = environment["CART_EVENTS_TOPIC"]
        deadLetterTopic = environment["DLQ_TOPIC"]
        adminToken = environment["ADMIN_TOKEN"]
        user = environment["USER"]
        noColor = environment["NO_COLOR"]
        forceColor = environment["FORCE_COLOR"]
        term = environment["TERM"]
    }

    /// The process's environment, read once.
    static let current = CartCtlEnvironment()
}
