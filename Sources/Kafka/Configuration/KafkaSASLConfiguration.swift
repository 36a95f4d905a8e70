/// SASL authentication towards the brokers (`security.protocol` `sasl_plaintext` or `sasl_ssl`).
public struct KafkaSASLConfiguration: Sendable, Equatable {
    /// How the client authenticates.
    public enum Mechanism: Sendable, Equatable {
        /// `PLAIN`: user name and password (send it over TLS only).
        case plain(username: String, password: KafkaSecret)
        /// `SCRAM-SHA-256`.
        case scramSHA256(username: String, password: KafkaSecret)
        /// `SCRAM-SHA-512`.
        case scramSHA512(username: String, password: KafkaSecret)
        /// `OAUTHBEARER` with tokens from an OpenID Connect provider (client-credentials grant,
        /// `sasl.oauthbearer.method=oidc`). Needs a librdkafka built with libcurl; Debian's 2.0.2 is
        /// not (see docs/kafka-security.md), and then client creation fails with librdkafka's message.
        case oauthBearerOIDC(OIDC)
    }

    /// OpenID Connect client credentials for `OAUTHBEARER`.
    public struct OIDC: Sendable, Equatable {
        /// `sasl.oauthbearer.client.id`.
        public var clientID: String
        /// `sasl.oauthbearer.client.secret`.
        public var clientSecret: KafkaSecret
        /// `sasl.oauthbearer.token.endpoint.url`.
        public var tokenEndpoint: String
        /// `sasl.oauthbearer.scope`, if the provider needs one.
        public var scope: String?
        /// `sasl.oauthbearer.extensions` (`key=value,…`), if the cluster needs them (Confluent Cloud's
        /// `logicalCluster` and `identityPoolId`).
        public var extensions: [String: String]

        /// Creates OIDC settings.
        public init(
            clientID: String, clientSecret: KafkaSecret, tokenEndpoint: String, scope: String? = nil, extensions: [String: String] = [:]
        ) {
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.tokenEndpoint = tokenEndpoint
            self.scope = scope
            self.extensions = extensions
        }
    }

    /// The mechanism and its credentials.
    public var mechanism: Mechanism

    /// Creates SASL settings.
    /// - Parameter mechanism: the mechanism and its credentials.
    public init(_ mechanism: Mechanism) { self.mechanism = mechanism }

    /// The `sasl.mechanism` value.
    public var mechanismName: String {
        switch mechanism {
        case .plain: "PLAIN"
        case .scramSHA256: "SCRAM-SHA-256"
        case .scramSHA512: "SCRAM-SHA-512"
        case .oauthBearerOIDC: "OAUTHBEARER"
        }
    }

    /// The librdkafka properties these settings stand for.
    var librdkafkaProperties: [(String, String)] {
        var result: [(String, String)] = [("sasl.mechanism", mechanismName)]
        switch mechanism {
        case .plain(let username, let password), .scramSHA256(let username, let password), .scramSHA512(let username, let password):
            result += [("sasl.username", username), ("sasl.password", password.value)]
        case .oauthBearerOIDC(let oidc):
            result += [
                ("sasl.oauthbearer.method", "oidc"),
                ("sasl.oauthbearer.client.id", oidc.clientID),
                ("sasl.oauthbearer.client.secret", oidc.clientSecret.value),
                ("sasl.oauthbearer.token.endpoint.url", oidc.tokenEndpoint),
            ]
            if let scope = oidc.scope { result.append(("sasl.oauthbearer.scope", scope)) }
            if !oidc.extensions.isEmpty {
                let text = oidc.extensions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                result.append(("sasl.oauthbearer.extensions", text))
            }
        }
        return result
    }
}
