/// TLS towards the brokers (`security.protocol` `ssl` or `sasl_ssl`).
///
/// Every field maps to one librdkafka property (see ``librdkafkaProperties``). Hostname
/// verification is on unless turned off explicitly.
public struct KafkaTLSConfiguration: Sendable, Equatable {
    /// Where a certificate, key or trust store comes from.
    public enum Material: Sendable, Equatable {
        /// A file (PEM), as `*.location`.
        case file(path: String)
        /// PEM text, as `*.pem`.
        case pem(String)
    }

    /// The certificate authorities to trust (`ssl.ca.location` / `ssl.ca.pem`); `nil` uses the
    /// system's trust store (librdkafka's default).
    public var trustRoots: Material?
    /// The client certificate for mutual TLS (`ssl.certificate.location` / `ssl.certificate.pem`).
    public var certificate: Material?
    /// The client certificate's private key (`ssl.key.location` / `ssl.key.pem`); PEM text is a secret.
    public var privateKey: Material?
    /// The private key's password (`ssl.key.password`).
    public var privateKeyPassword: KafkaSecret?
    /// Whether the broker's certificate must name the host connected to
    /// (`ssl.endpoint.identification.algorithm` `https`, or `none` when off).
    public var verifiesHostname: Bool

    /// Creates TLS settings.
    /// - Parameters:
    ///   - trustRoots: CA certificates to trust, or `nil` for the system's.
    ///   - certificate: the client certificate (mutual TLS).
    ///   - privateKey: its private key.
    ///   - privateKeyPassword: the key's password, if it is encrypted.
    ///   - verifiesHostname: check the broker certificate's host name (keep it on).
    public init(
        trustRoots: Material? = nil, certificate: Material? = nil, privateKey: Material? = nil,
        privateKeyPassword: KafkaSecret? = nil, verifiesHostname: Bool = true
    ) {
        self.trustRoots = trustRoots
        self.certificate = certificate
        self.privateKey = privateKey
        self.privateKeyPassword = privateKeyPassword
        self.verifiesHostname = verifiesHostname
    }

    /// The librdkafka properties these settings stand for.
    var librdkafkaProperties: [(String, String)] {
        var result: [(String, String)] = []
        switch trustRoots {
        case .file(let path): result.append(("ssl.ca.location", path))
        case .pem(let text): result.append(("ssl.ca.pem", text))
        case nil: break
        }
        switch certificate {
        case .file(let path): result.append(("ssl.certificate.location", path))
        case .pem(let text): result.append(("ssl.certificate.pem", text))
        case nil: break
        }
        switch privateKey {
        case .file(let path): result.append(("ssl.key.location", path))
        case .pem(let text): result.append(("ssl.key.pem", text))
        case nil: break
        }
        if let privateKeyPassword { result.append(("ssl.key.password", privateKeyPassword.value)) }
        result.append(("ssl.endpoint.identification.algorithm", verifiesHostname ? "https" : "none"))
        return result
    }
}
