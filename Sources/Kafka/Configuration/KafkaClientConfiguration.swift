/// Settings every Kafka client (producer, consumer, admin) shares.
///
/// Typed properties cover what most services need, TLS and SASL included; ``properties`` passes
/// any other librdkafka property through unchanged (tuning, or security settings given the way
/// Kafka users write them, see ``init(clientID:sources:reserved:)``). Pass-through properties are
/// applied last, so they win over typed ones. Security settings that cannot work together are
/// rejected when a client is created, naming the property; secrets never appear in
/// ``description`` or in errors.
public struct KafkaClientConfiguration: Sendable, Equatable, CustomStringConvertible {
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
    /// TLS settings (with ``securityProtocol`` `.ssl` or `.saslSSL`).
    public var tls: KafkaTLSConfiguration?
    /// SASL settings (with ``securityProtocol`` `.saslPlaintext` or `.saslSSL`).
    public var sasl: KafkaSASLConfiguration?
    /// Any other librdkafka property, passed through as is.
    public var properties: [String: String]
    /// Where properties came from (`KAFKA_SASL_MECHANISM`, `--kafka-property`, `client.properties:3`),
    /// by property name, so errors can say what to fix.
    public var propertyOrigins: [String: String]

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
        self.tls = nil
        self.sasl = nil
        self.properties = [:]
        self.propertyOrigins = [:]
    }

    /// A configuration from properties given as flags, `KAFKA_*` variables and a properties file.
    ///
    /// `bootstrap.servers`, `client.id` and `security.protocol` fill the typed fields; every other
    /// property is passed through. Each property is checked against librdkafka here, so a typo
    /// fails at start-up naming the variable, flag or file line.
    /// - Parameters:
    ///   - clientID: the `client.id` unless a source sets one.
    ///   - defaultBootstrapServers: used when no source sets `bootstrap.servers`.
    ///   - sources: where the properties come from.
    ///   - reserved: properties the caller sets itself and refuses from the sources (name → what to do instead).
    /// - Throws: ``KafkaError`` of kind ``KafkaError/Kind/invalidConfiguration(property:)``.
    public init(
        clientID: String, defaultBootstrapServers: [String] = ["localhost:9092"], sources: KafkaPropertySources,
        reserved: [String: String] = [:]
    ) throws(KafkaError) {
        self.init(bootstrapServers: defaultBootstrapServers, clientID: clientID)
        for property in try sources.resolve(reserved: reserved) {
            propertyOrigins[property.name] = property.origin
            switch KafkaPropertySources.canonical(property.name) {
            case "bootstrap.servers":
                bootstrapServers = property.value.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            case "client.id":
                self.clientID = property.value
            case "security.protocol":
                guard let value = SecurityProtocol(rawValue: property.value.lowercased()) else {
                    throw KafkaError(
                        kind: .invalidConfiguration(property: "security.protocol"),
                        message:
                            "security.protocol=\(property.value) (from \(property.origin)): expected plaintext, ssl, sasl_plaintext or sasl_ssl"
                    )
                }
                securityProtocol = value
            default:
                properties[property.name] = property.value
            }
        }
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
        if let tls { result += tls.librdkafkaProperties }
        if let sasl { result += sasl.librdkafkaProperties }
        if let interval = statisticsInterval {
            result.append(("statistics.interval.ms", String(interval.milliseconds)))
        }
        if !debugContexts.isEmpty { result.append(("debug", debugContexts.joined(separator: ","))) }
        return result
    }

    /// Every property this configuration sets, secrets redacted, one `name=value` per entry.
    public var redactedProperties: [String] {
        (librdkafkaProperties + passThroughProperties).map { name, value in
            "\(name)=\(KafkaSecret.isSecret(property: name) ? KafkaSecret.redacted : value)"
        }
    }

    /// The properties, secrets redacted: safe to log.
    public var description: String { "KafkaClientConfiguration(\(redactedProperties.joined(separator: ", ")))" }

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
