import Testing

@testable import Kafka

/// Any librdkafka property from flags, `KAFKA_*` variables (and `_FILE` secrets) and a properties
/// file, with flag > environment > file > default.
@Suite("Kafka properties from flags, environment and files")
struct KafkaPropertySourcesTests {
    /// Files the sources may read, by path.
    static func files(_ contents: [String: String]) -> @Sendable (String) throws -> String {
        { path in
            guard let text = contents[path] else { throw KafkaPropertySources.FileNotReadable(path: path) }
            return text
        }
    }

    @Test("KAFKA_ variables map by the Confluent rule: _ is ., __ is _, ___ is -")
    func variableNames() {
        #expect(KafkaPropertySources.propertyName(forVariable: "KAFKA_SASL_MECHANISM") == "sasl.mechanism")
        #expect(KafkaPropertySources.propertyName(forVariable: "KAFKA_BOOTSTRAP_SERVERS") == "bootstrap.servers")
        #expect(KafkaPropertySources.propertyName(forVariable: "KAFKA_SSL__KEY") == "ssl_key")
        #expect(KafkaPropertySources.propertyName(forVariable: "KAFKA_SOME___DASHED_NAME") == "some-dashed.name")
        #expect(KafkaPropertySources.variableName(forProperty: "sasl.oauthbearer.client.id") == "KAFKA_SASL_OAUTHBEARER_CLIENT_ID")
        for property in ["ssl_key", "some-dashed.name", "enable.ssl.certificate.verification"] {
            #expect(KafkaPropertySources.propertyName(forVariable: KafkaPropertySources.variableName(forProperty: property)) == property)
        }
    }

    @Test("variables that are not properties are left alone: CartStream's own, Java tools', Kubernetes service links")
    func nonProperties() {
        for variable in [
            "KAFKA_CONFIG_FILE", "KAFKA_BOOTSTRAP_FILE", "KAFKA_BOOTSTRAP_TIMEOUT", "KAFKA_HEAP_OPTS", "KAFKA_OPTS", "KAFKA_HOME",
            "KAFKA_VERSION",
            "KAFKA_PORT", "KAFKA_PORT_9092_TCP", "KAFKA_PORT_9092_TCP_ADDR", "KAFKA_SERVICE_HOST", "KAFKA_SERVICE_PORT",
            "KAFKA_SERVICE_PORT_CLIENTS", "KAFKA_BOOTSTRAP_SERVICE_HOST", "KAFKA_BOOTSTRAP_PORT", "KAFKA_", "PATH",
        ] {
            #expect(KafkaPropertySources.propertyName(forVariable: variable) == nil, "\(variable)")
        }
    }

    @Test("flag beats environment beats file beats default, property by property, and each value says where it came from")
    func precedence() throws {
        let file = """
            # client.properties
            client.id = from-file
            socket.timeout.ms: 1111
            ! an old-style comment
            reconnect.backoff.ms=10
            message.max.bytes=2000000
            """
        let sources = KafkaPropertySources(
            propertyFlags: ["socket.timeout.ms=3333"], configFile: "/etc/kafka/client.properties",
            environment: ["KAFKA_SOCKET_TIMEOUT_MS": "2222", "KAFKA_RECONNECT_BACKOFF_MS": "20", "HOME": "/root"],
            readFile: Self.files(["/etc/kafka/client.properties": file]))
        let configuration = try KafkaClientConfiguration(clientID: "default-id", sources: sources)
        #expect(configuration.properties["socket.timeout.ms"] == "3333")
        #expect(configuration.propertyOrigins["socket.timeout.ms"] == "--kafka-property")
        #expect(configuration.properties["reconnect.backoff.ms"] == "20")
        #expect(configuration.propertyOrigins["reconnect.backoff.ms"] == "KAFKA_RECONNECT_BACKOFF_MS")
        #expect(configuration.properties["message.max.bytes"] == "2000000")
        #expect(configuration.propertyOrigins["message.max.bytes"] == "/etc/kafka/client.properties:6")
        #expect(configuration.clientID == "from-file")
        #expect(configuration.bootstrapServers == ["localhost:9092"], "the default when no source sets it")
        // The resolved properties really are what librdkafka gets, after the typed ones.
        let applied = Dictionary(KafkaProducerConfiguration(client: configuration).librdkafkaProperties, uniquingKeysWith: { $1 })
        #expect(applied["socket.timeout.ms"] == "3333" && applied["client.id"] == "from-file")
    }

    @Test("--bootstrap-servers beats --kafka-property bootstrap.servers, which beats KAFKA_BOOTSTRAP_SERVERS")
    func bootstrapServers() throws {
        let environment = ["KAFKA_BOOTSTRAP_SERVERS": "env-1:9092, env-2:9092"]
        #expect(
            try KafkaClientConfiguration(clientID: "x", sources: .init(environment: environment)).bootstrapServers == [
                "env-1:9092", "env-2:9092",
            ])
        let flag = KafkaPropertySources(propertyFlags: ["bootstrap.servers=flag:9092"], environment: environment)
        #expect(try KafkaClientConfiguration(clientID: "x", sources: flag).bootstrapServers == ["flag:9092"])
        var both = flag
        both.bootstrapServersFlag = "dedicated:9092"
        #expect(try KafkaClientConfiguration(clientID: "x", sources: both).bootstrapServers == ["dedicated:9092"])
    }

    @Test("a KAFKA_*_FILE variable reads the property from a mounted secret; setting both forms is an error")
    func secretFiles() throws {
        let sources = KafkaPropertySources(
            environment: [
                "KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512", "KAFKA_SASL_USERNAME": "orders",
                "KAFKA_SASL_PASSWORD_FILE": "/var/run/secrets/kafka/password",
            ],
            readFile: Self.files(["/var/run/secrets/kafka/password": "s3cr3t\n"]))
        let configuration = try KafkaClientConfiguration(clientID: "x", sources: sources)
        #expect(configuration.properties["sasl.password"] == "s3cr3t", "the trailing newline of the file is not part of it")
        #expect(configuration.securityProtocol == .saslSSL)
        #expect(configuration.propertyOrigins["sasl.password"] == "KAFKA_SASL_PASSWORD_FILE=/var/run/secrets/kafka/password")
        #expect(!configuration.description.contains("s3cr3t"))

        var both = sources
        both.environment["KAFKA_SASL_PASSWORD"] = "other"
        #expect(throws: KafkaError.self) { try KafkaClientConfiguration(clientID: "x", sources: both) }
        do {
            _ = try KafkaClientConfiguration(clientID: "x", sources: both)
        } catch {
            #expect(error.message.contains("both KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE"))
        }
        var missing = sources
        missing.environment["KAFKA_SASL_PASSWORD_FILE"] = "/nowhere"
        do {
            _ = try KafkaClientConfiguration(clientID: "x", sources: missing)
            Issue.record("an unreadable secret file must be an error")
        } catch {
            #expect(error.kind == .invalidConfiguration(property: "sasl.password"))
            #expect(error.message.contains("KAFKA_SASL_PASSWORD_FILE") && error.message.contains("/nowhere"))
        }
    }

    @Test("a property librdkafka does not know fails at once, naming the variable, flag or line; Java-only ones get a hint")
    func unknownProperties() {
        func failure(_ sources: KafkaPropertySources) -> KafkaError? {
            do {
                _ = try KafkaClientConfiguration(clientID: "x", sources: sources)
                return nil
            } catch { return error }
        }
        let typo = failure(KafkaPropertySources(environment: ["KAFKA_SASL_MECHANISMZ": "PLAIN"]))
        #expect(typo?.kind == .invalidConfiguration(property: "sasl.mechanismz"))
        #expect(typo?.message.contains("KAFKA_SASL_MECHANISMZ") == true && typo?.message.contains("No such configuration property") == true)
        let flag = failure(KafkaPropertySources(propertyFlags: ["linger.ms=soon"]))
        #expect(flag?.message.contains("--kafka-property: linger.ms=soon") == true, "\(String(describing: flag))")
        let java = failure(
            KafkaPropertySources(configFile: "c.properties", readFile: Self.files(["c.properties": "\n\nsasl.jaas.config=org.apache…\n"])))
        #expect(java?.message.contains("c.properties:3") == true && java?.message.contains("librdkafka takes sasl.username") == true)
        let malformed = failure(KafkaPropertySources(propertyFlags: ["sasl.mechanism"]))
        #expect(malformed?.message.contains("expected NAME=VALUE") == true)
        let badLine = failure(KafkaPropertySources(configFile: "c", readFile: Self.files(["c": "just words\n"])))
        #expect(badLine?.message.contains("c:1: expected name=value") == true)
        let unreadable = failure(KafkaPropertySources(configFile: "/missing.properties", readFile: Self.files([:])))
        #expect(unreadable?.message.contains("/missing.properties") == true)
    }

    @Test("a value continued with a trailing backslash is one property; CRLF files parse")
    func continuationLines() throws {
        let text = "sasl.oauthbearer.extensions=logicalCluster=lkc-1,\\\r\n    identityPoolId=pool-2\r\nclient.id=a\r\n"
        let properties = try KafkaPropertySources.parsePropertiesFile(text, path: "p")
        #expect(properties.map(\.name) == ["sasl.oauthbearer.extensions", "client.id"])
        #expect(properties.first?.value == "logicalCluster=lkc-1,identityPoolId=pool-2")
        #expect(properties.last?.value == "a")
    }

    @Test("properties CartStream's guarantees rest on are refused from every source, saying what to do instead")
    func reserved() throws {
        for sources in [
            KafkaPropertySources(environment: ["KAFKA_ENABLE_AUTO_COMMIT": "true"]),
            KafkaPropertySources(propertyFlags: ["enable.auto.commit=true"]),
            KafkaPropertySources(configFile: "f", readFile: Self.files(["f": "enable.auto.commit=true"])),
        ] {
            do {
                _ = try KafkaClientConfiguration(clientID: "x", sources: sources, reserved: KafkaPropertySources.deliveryGuarantees)
                Issue.record("enable.auto.commit must be refused")
            } catch {
                #expect(error.kind == .invalidConfiguration(property: "enable.auto.commit"))
                #expect(error.message.contains("read models store their positions"))
            }
        }
        #expect(throws: KafkaError.self) {
            try KafkaClientConfiguration(
                clientID: "x", sources: .init(environment: ["KAFKA_ACKS": "1"]), reserved: KafkaPropertySources.deliveryGuarantees)
        }
        // Without a reservation (the benchmark), the same property is taken.
        #expect(try KafkaClientConfiguration(clientID: "x", sources: .init(environment: ["KAFKA_ACKS": "1"])).properties["acks"] == "1")
    }
}
