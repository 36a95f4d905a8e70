import Logging
import Testing

@testable import Kafka

/// Typed TLS and SASL settings, their mapping to librdkafka, the combinations refused before a
/// client exists, redaction, and what Debian's librdkafka was built with.
@Suite("Kafka security settings")
struct KafkaSecurityTests {
    func producerProperties(_ client: KafkaClientConfiguration) -> [String: String] {
        Dictionary(KafkaProducerConfiguration(client: client).librdkafkaProperties, uniquingKeysWith: { $1 })
    }

    @Test("TLS maps to ssl.* properties, hostname verification on unless turned off")
    func tlsMapping() {
        var client = KafkaClientConfiguration(bootstrapServers: ["broker:9093"])
        client.securityProtocol = .ssl
        client.tls = KafkaTLSConfiguration(
            trustRoots: .file(path: "/etc/ca.pem"), certificate: .pem("CERT"), privateKey: .file(path: "/etc/key.pem"),
            privateKeyPassword: KafkaSecret("key-pass"))
        let properties = producerProperties(client)
        #expect(properties["security.protocol"] == "ssl")
        #expect(properties["ssl.ca.location"] == "/etc/ca.pem")
        #expect(properties["ssl.certificate.pem"] == "CERT")
        #expect(properties["ssl.key.location"] == "/etc/key.pem")
        #expect(properties["ssl.key.password"] == "key-pass")
        #expect(properties["ssl.endpoint.identification.algorithm"] == "https")
        client.tls?.verifiesHostname = false
        #expect(producerProperties(client)["ssl.endpoint.identification.algorithm"] == "none")
    }

    @Test("SASL PLAIN, SCRAM and OAUTHBEARER/OIDC map to sasl.* properties")
    func saslMapping() {
        var client = KafkaClientConfiguration()
        client.securityProtocol = .saslSSL
        client.sasl = KafkaSASLConfiguration(.scramSHA512(username: "orders", password: KafkaSecret("pw")))
        var properties = producerProperties(client)
        #expect(
            properties["sasl.mechanism"] == "SCRAM-SHA-512" && properties["sasl.username"] == "orders"
                && properties["sasl.password"] == "pw")
        client.sasl = KafkaSASLConfiguration(.plain(username: "u", password: KafkaSecret("p")))
        #expect(producerProperties(client)["sasl.mechanism"] == "PLAIN")
        client.sasl = KafkaSASLConfiguration(.scramSHA256(username: "u", password: KafkaSecret("p")))
        #expect(producerProperties(client)["sasl.mechanism"] == "SCRAM-SHA-256")
        client.sasl = KafkaSASLConfiguration(
            .oauthBearerOIDC(
                .init(
                    clientID: "svc", clientSecret: KafkaSecret("oidc-secret"), tokenEndpoint: "https://idp/token", scope: "kafka",
                    extensions: ["logicalCluster": "lkc-1", "identityPoolId": "pool-2"])))
        properties = producerProperties(client)
        #expect(properties["sasl.mechanism"] == "OAUTHBEARER" && properties["sasl.oauthbearer.method"] == "oidc")
        #expect(properties["sasl.oauthbearer.client.id"] == "svc" && properties["sasl.oauthbearer.client.secret"] == "oidc-secret")
        #expect(properties["sasl.oauthbearer.token.endpoint.url"] == "https://idp/token" && properties["sasl.oauthbearer.scope"] == "kafka")
        #expect(properties["sasl.oauthbearer.extensions"] == "identityPoolId=pool-2,logicalCluster=lkc-1")
    }

    /// The error creating a producer from `client` throws, if any.
    func creationError(_ client: KafkaClientConfiguration) -> KafkaError? {
        do {
            _ = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: quietLogger)
            return nil
        } catch { return error }
    }

    @Test("inconsistent combinations are refused when a client is created, naming the property to fix")
    func inconsistentCombinations() {
        var saslOnPlaintext = KafkaClientConfiguration()
        saslOnPlaintext.sasl = KafkaSASLConfiguration(.plain(username: "u", password: KafkaSecret("p")))
        #expect(creationError(saslOnPlaintext)?.kind == .invalidConfiguration(property: "security.protocol"))

        var passThroughSASL = KafkaClientConfiguration()
        passThroughSASL.properties["sasl.mechanisms"] = "SCRAM-SHA-256"
        #expect(creationError(passThroughSASL)?.kind == .invalidConfiguration(property: "security.protocol"))

        var keyWithoutCertificate = KafkaClientConfiguration()
        keyWithoutCertificate.securityProtocol = .ssl
        keyWithoutCertificate.tls = KafkaTLSConfiguration(privateKey: .file(path: "/etc/key.pem"))
        #expect(creationError(keyWithoutCertificate)?.kind == .invalidConfiguration(property: "ssl.certificate.location"))

        var certificateWithoutKey = KafkaClientConfiguration()
        certificateWithoutKey.securityProtocol = .saslSSL
        certificateWithoutKey.sasl = KafkaSASLConfiguration(.plain(username: "u", password: KafkaSecret("p")))
        certificateWithoutKey.tls = KafkaTLSConfiguration(certificate: .file(path: "/etc/cert.pem"))
        #expect(creationError(certificateWithoutKey)?.kind == .invalidConfiguration(property: "ssl.key.location"))

        var tlsOnPlaintext = KafkaClientConfiguration()
        tlsOnPlaintext.tls = KafkaTLSConfiguration(trustRoots: .file(path: "/etc/ca.pem"))
        let tlsError = creationError(tlsOnPlaintext)
        #expect(tlsError?.kind == .invalidConfiguration(property: "security.protocol"))
        #expect(tlsError?.message.contains("does not use TLS") == true)

        var noPassword = KafkaClientConfiguration()
        noPassword.securityProtocol = .saslPlaintext
        noPassword.properties = ["sasl.mechanism": "PLAIN", "sasl.username": "u"]
        #expect(creationError(noPassword)?.kind == .invalidConfiguration(property: "sasl.password"))

        var oidcWithoutEndpoint = KafkaClientConfiguration()
        oidcWithoutEndpoint.securityProtocol = .saslSSL
        oidcWithoutEndpoint.properties = [
            "sasl.mechanism": "OAUTHBEARER", "sasl.oauthbearer.method": "oidc", "sasl.oauthbearer.client.id": "c",
        ]
        #expect(creationError(oidcWithoutEndpoint)?.kind == .invalidConfiguration(property: "sasl.oauthbearer.client.secret"))
    }

    @Test("librdkafka's own refusals name the property: a CA that does not load, an unknown SASL mechanism")
    func librdkafkaRefusals() {
        var badCA = KafkaClientConfiguration()
        badCA.securityProtocol = .ssl
        badCA.tls = KafkaTLSConfiguration(trustRoots: .file(path: "/nonexistent/ca.pem"))
        let caError = creationError(badCA)
        #expect(caError?.kind == .invalidConfiguration(property: "ssl.ca.location"))
        #expect(caError?.message.contains("ssl.ca.location failed") == true)

        var unknownMechanism = KafkaClientConfiguration()
        unknownMechanism.securityProtocol = .saslPlaintext
        unknownMechanism.properties["sasl.mechanism"] = "NO-SUCH"
        unknownMechanism.propertyOrigins["sasl.mechanism"] = "KAFKA_SASL_MECHANISM"
        let mechanismError = creationError(unknownMechanism)
        #expect(mechanismError?.kind == .invalidConfiguration(property: "sasl.mechanism"))
        #expect(mechanismError?.message.contains("Unsupported SASL mechanism: NO-SUCH (from KAFKA_SASL_MECHANISM)") == true)
    }

    @Test("secrets never show: not in a configuration's description, not in errors about them")
    func redaction() throws {
        var client = KafkaClientConfiguration()
        client.securityProtocol = .saslSSL
        client.sasl = KafkaSASLConfiguration(.scramSHA256(username: "orders", password: KafkaSecret("hunter2")))
        client.tls = KafkaTLSConfiguration(
            certificate: .file(path: "/c.pem"), privateKey: .pem("-----BEGIN PRIVATE KEY-----SECRETKEY"),
            privateKeyPassword: KafkaSecret("keypass"))
        client.properties["sasl.oauthbearer.client.secret"] = "oidc-secret"
        let texts = ["\(client)", String(describing: client), String(reflecting: client), "\(KafkaProducerConfiguration(client: client))"]
        for text in texts {
            for secret in ["hunter2", "SECRETKEY", "keypass", "oidc-secret"] {
                #expect(!text.contains(secret), "\(secret) leaked: \(text)")
            }
        }
        #expect("\(client)".contains("sasl.password=<redacted>") && "\(client)".contains("sasl.username=orders"))
        #expect("\(KafkaSecret("x"))" == "<redacted>")
        // A refused secret value is not echoed.
        do {
            try RDKafkaClient.checkProperty(name: "ssl.key.password", value: "topsecret", origin: "test")
            try RDKafkaClient.checkProperty(name: "sasl.password.typo", value: "topsecret", origin: "test")
            Issue.record("an unknown property must be refused")
        } catch {
            #expect(!error.message.contains("topsecret") && error.message.contains("<redacted>"), "\(error.message)")
        }
    }

    @Test("Debian's librdkafka 2.0.2 has TLS, SASL PLAIN/SCRAM/OAUTHBEARER; OIDC token retrieval needs libcurl it lacks")
    func builtinFeatures() {
        let features = Set(KafkaLibrary.builtinFeatures)
        #expect(features.isSuperset(of: ["ssl", "sasl", "sasl_plain", "sasl_scram", "sasl_oauthbearer"]), "\(features.sorted())")
        if KafkaLibrary.version == "2.0.2" {
            #expect(!KafkaLibrary.supportsOIDC, "Debian's 2.0.2 is built without libcurl")
        }
    }

    var quietLogger: Logging.Logger {
        var logger = Logging.Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }
}
