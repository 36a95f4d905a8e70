/// A credential (password, client secret, private key) that never shows up in logs.
///
/// Its `description` and `debugDescription` are `<redacted>`, so interpolating a configuration into
/// a log line or an error cannot leak it; only the librdkafka mapping reads ``value``.
public struct KafkaSecret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself.
    public var value: String

    /// Wraps a secret.
    /// - Parameter value: the password, client secret or PEM text.
    public init(_ value: String) { self.value = value }

    public var description: String { KafkaSecret.redacted }
    public var debugDescription: String { KafkaSecret.redacted }

    /// What redacted values read as.
    public static let redacted = "<redacted>"

    /// Whether a librdkafka property holds a secret: its value is redacted wherever CartStream
    /// prints a configuration or an error about one.
    /// - Parameter property: a librdkafka property name, such as `sasl.password`.
    public static func isSecret(property: String) -> Bool {
        let name = property.lowercased()
        return name.contains("password") || name.contains("secret") || name == "ssl.key.pem" || name == "ssl_key"
            || name == "sasl.oauthbearer.config" || name == "sasl.jaas.config"
    }
}
