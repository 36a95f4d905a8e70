/// Rejects security settings that cannot work together, before librdkafka sees them.
///
/// librdkafka accepts most of these combinations and fails later, at connection time, or only
/// warns (`sasl.mechanism` without a SASL protocol). Each check runs on the properties a client is
/// created with — typed settings and pass-through properties alike — and names the property to fix
/// and, where known, where its value came from.
enum KafkaSecurityCheck {
    /// Checks `properties` (applied in order, so a later value wins).
    /// - Parameters:
    ///   - properties: the librdkafka properties of one client.
    ///   - origins: where each property's value came from (``KafkaClientConfiguration/propertyOrigins``).
    /// - Throws: ``KafkaError`` of kind ``KafkaError/Kind/invalidConfiguration(property:)``.
    static func check(_ properties: [(String, String)], origins: [String: String]) throws(KafkaError) {
        var effective: [String: String] = [:]
        for (name, value) in properties { effective[name == "sasl.mechanisms" ? "sasl.mechanism" : name] = value }
        func origin(_ name: String) -> String { origins[name].map { " (from \($0))" } ?? "" }
        func isSet(_ name: String) -> Bool { !(effective[name] ?? "").isEmpty }
        func reject(_ property: String, _ message: String) -> KafkaError {
            KafkaError(kind: .invalidConfiguration(property: property), message: message)
        }

        let securityProtocol = (effective["security.protocol"] ?? "plaintext").lowercased()
        let usesSASL = securityProtocol.hasPrefix("sasl_")
        let usesTLS = securityProtocol == "ssl" || securityProtocol == "sasl_ssl"

        let saslSettings = ["sasl.mechanism", "sasl.username", "sasl.password", "sasl.oauthbearer.method"].filter(isSet)
        if let first = saslSettings.first, !usesSASL {
            throw reject(
                "security.protocol",
                "\(first) is set\(origin(first)) but security.protocol=\(securityProtocol)\(origin("security.protocol")) does not "
                    + "authenticate with SASL: set security.protocol to sasl_ssl (or sasl_plaintext)")
        }
        let tlsSettings = [
            "ssl.ca.location", "ssl.ca.pem", "ssl.certificate.location", "ssl.certificate.pem", "ssl.key.location", "ssl.key.pem",
            "ssl.key.password", "ssl.keystore.location",
        ].filter(isSet)
        if let first = tlsSettings.first, !usesTLS {
            throw reject(
                "security.protocol",
                "\(first) is set\(origin(first)) but security.protocol=\(securityProtocol)\(origin("security.protocol")) does not "
                    + "use TLS: set security.protocol to ssl or sasl_ssl")
        }
        let hasKey = isSet("ssl.key.location") || isSet("ssl.key.pem")
        let hasCertificate = isSet("ssl.certificate.location") || isSet("ssl.certificate.pem")
        if hasKey && !hasCertificate {
            let key = isSet("ssl.key.location") ? "ssl.key.location" : "ssl.key.pem"
            throw reject(
                "ssl.certificate.location",
                "\(key) is set\(origin(key)) without its client certificate: set ssl.certificate.location (or ssl.certificate.pem)")
        }
        if hasCertificate && !hasKey {
            let certificate = isSet("ssl.certificate.location") ? "ssl.certificate.location" : "ssl.certificate.pem"
            throw reject(
                "ssl.key.location",
                "\(certificate) is set\(origin(certificate)) without its private key: set ssl.key.location (or ssl.key.pem)")
        }
        if isSet("ssl.key.password") && !hasKey {
            throw reject("ssl.key.location", "ssl.key.password is set\(origin("ssl.key.password")) without a private key to open")
        }
        guard usesSASL else { return }
        let mechanism = (effective["sasl.mechanism"] ?? "GSSAPI").uppercased()
        switch mechanism {
        case "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512":
            for required in ["sasl.username", "sasl.password"] where !isSet(required) {
                throw reject(required, "sasl.mechanism=\(mechanism) needs \(required)")
            }
        case "OAUTHBEARER" where (effective["sasl.oauthbearer.method"] ?? "default").lowercased() == "oidc":
            for required in ["sasl.oauthbearer.client.id", "sasl.oauthbearer.client.secret", "sasl.oauthbearer.token.endpoint.url"]
            where !isSet(required) {
                throw reject(required, "sasl.oauthbearer.method=oidc needs \(required)")
            }
        default:
            break
        }
    }
}
