/// Settings every Kafka client (producer, consumer, admin) shares.
///
/// Typed properties cover what most services need; ``properties`` passes any
/// other librdkafka property through unchanged (SASL, TLS, tuning). Pass-through
/// properties are applied last, so they win over typed ones.
public struct KafkaClientConfiguration: Sendable, Equatable {
    /// `bootstrap.servers`: where to find the cluster, as `host:port` strings.
    public var bootstrapServers: [String]
    /// `client.id`: the name brokers log for this client.
    public var clientID: String
    /// `statistics.interval.ms`: how often librdkafka reports statistics to swift-metrics; `nil` turns them off.
    public var statisticsInterval: Duration?
    /// `debug`: librdkafka debug contexts (for example `["broker", "protocol"]`), logged through swift-log.
    public var debugContexts: [String]
    /// `security.protocol`: how to talk to brokers.
    public var securityProtocol: SecurityProtocol
    /// Any other librdkafka property, passed through as is.
    public var properties: [String: String]

    /// The protocol used to talk to brokers (`security.protocol`).
    public enum SecurityProtocol: String, Sendable, Equatable {
        case plaintext, ssl
        case saslPlaintext = "sasl_plaintext"
        case saslSSL = "sasl_ssl"
    }

    /// Creates a client configuration.
    /// - Parameters:
    ///   - bootstrapServers: `host:port` addresses of one or more brokers.
    ///   - clientID: the name this client reports to brokers.
    public init(bootstrapServers: [String] = ["localhost:9092"], clientID: String = "cartstream") {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.statisticsInterval = nil
        self.debugContexts = []
        self.securityProtocol = .plaintext
        self.properties = [:]
    }

    /// The comma-separated `bootstrap.servers` value.
    public var bootstrapServersString: String { bootstrapServers.joined(separator: ",") }

    /// librdkafka properties for the shared settings, in the order they are applied.
    var librdkafkaProperties: [(String, String)] {
        var result: [(String, String)] = [
            ("bootstrap.servers", bootstrapServersString),
            ("client.id", clientID),
            ("security.protocol", securityProtocol.rawValue),
        ]
        if let interval = statisticsInterval {
            result.append(("statistics.interval.ms", String(interval.milliseconds)))
        }
        if !debugContexts.isEmpty { result.append(("debug", debugContexts.joined(separator: ","))) }
        return result
    }

    /// Pass-through properties, sorted for a stable order.
    var passThroughProperties: [(String, String)] {
        properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension Duration {
    /// Whole milliseconds, rounded down, for librdkafka's `*.ms` properties and timeouts.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Milliseconds clamped into `Int32` for librdkafka's C timeouts.
    var timeoutMilliseconds: Int32 {
        Int32(clamping: milliseconds)
    }
}
