import ArgumentParser
import CartStreamBuild
import Foundation
import Kafka
import KafkaEventStore
import Logging
import SMTPSink
import ServiceLifecycle
import ServiceRuntime

#if canImport(Glibc)
    import Glibc
    import UnixSignals
#endif

/// `cartstream`: the whole system on one machine — an embedded mock Kafka cluster, the cart,
/// fraud, billing and email services (as child processes) and a local SMTP sink.
@main
struct CartStreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cartstream",
        abstract: "Run CartStream locally on an embedded Kafka (librdkafka mock) cluster. Ctrl-C stops everything.",
        discussion: ConfigurationReference.helpDiscussion, version: CartStreamVersion.text(for: "cartstream"))

    @Flag(help: "Drive realistic cart traffic and show live what each service built.") var demo = false
    @Option(help: "Carts the demo creates.") var carts: Int = 200
    @Option(help: "Demo random seed (same seed, same traffic).") var seed: UInt64 = 42
    @Flag(help: "Stop by itself once the demo traffic is processed (for tests and scripts).") var exitAfterDemo = false
    @Option(help: "Port of the cart service; fraud, billing and email use the next three.") var basePort: Int = 8080
    @Option(help: "Port of the local SMTP sink.") var smtpPort: Int = 2525
    @Option(help: "Partitions of the event topic.") var partitions: Int32 = 12
    @Option(
        help: """
            Folder for read-model databases, mail and logs (wiped at start: the embedded topic starts empty). \
            Only a folder cartstream made itself, an empty one or a new one is used; anything else is refused.
            """)
    var dataDir: String = ".cartstream"
    @Option(help: "Folder holding the service executables (default: next to this one).") var binDir: String?
    @Option(
        help: """
            Run against this Kafka cluster instead of the embedded one (topics are created when missing; \
            the read models then rebuild from what the topic holds).
            """)
    var bootstrapServers: String?
    @Option(
        name: .customLong("kafka-property"),
        help: "Any librdkafka property NAME=VALUE for every client (repeatable); wins over KAFKA_* variables and the properties file.")
    var kafkaProperties: [String] = []
    @Option(help: "Kafka client properties file, Java style (KAFKA_CONFIG_FILE).") var kafkaConfigFile: String?

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = label == "cartstream" ? .info : .critical
            return handler
        }
        let logger = Logger(label: "cartstream")
        _ = MetricsBootstrap.registry
        // A closed standard output (`| tee` ended first) must not kill the launcher: it still
        // has to stop its services in order. `say` ignores the resulting EPIPE.
        signal(SIGPIPE, SIG_IGN)
        let kafka = try checkedKafkaSettings()
        let data = URL(fileURLWithPath: dataDir, isDirectory: true).standardizedFileURL
        // The embedded mock cluster lives in memory: read models from an earlier run would not
        // match the new, empty topic, so they are removed rather than paired with it.
        if try DataDirectory(url: data).prepare() == .wipedPreviousRun {
            logger.notice("removed read models of the previous run (the embedded topic starts empty)", metadata: ["path": "\(data.path)"])
        }
        let liveness = try LivenessPipe()

        var mockLogger = Logger(label: "kafka.mock")
        mockLogger.logLevel = .critical
        let cluster = kafka.usesExternalCluster ? nil : try MockCluster(brokers: 3, logger: mockLogger)
        let bootstrapServers: String
        if let cluster {
            try cluster.createTopic(.eventStore(name: "cart-events", partitions: partitions, replicationFactor: 3))
            try cluster.createTopic(KafkaTopicSpecification(name: "cart-events.dlq", partitions: 3, replicationFactor: 3))
            try cluster.createTopic(KafkaTopicSpecification(name: "cart-events.snapshots", partitions: 1, replicationFactor: 3))
            bootstrapServers = cluster.bootstrapServers
        } else {
            bootstrapServers = kafka.client.bootstrapServersString
            try await createExternalTopics(kafka.client)
        }
        let sink = try SMTPSink(port: smtpPort, folder: data.appendingPathComponent("mail"), logger: Logger(label: "smtp-sink"))
        let adminToken = UUID().uuidString.lowercased()

        let bin = URL(fileURLWithPath: binDir ?? Bundle.main.executableURL!.deletingLastPathComponent().path)
        let services = LocalServices(basePort: basePort)
        var children: [ChildProcess] = []
        for service in services.all {
            let executable = bin.appendingPathComponent(service.executable)
            guard FileManager.default.isExecutableFile(atPath: executable.path) else {
                throw ValidationError("\(executable.path) is missing: build everything first (swift build -c release), or pass --bin-dir")
            }
            children.append(
                ChildProcess(
                    name: service.name, executable: executable, arguments: [],
                    environment: kafka.serviceEnvironment(bootstrapServers: bootstrapServers).merging([
                        "CART_EVENTS_TOPIC": "cart-events",
                        "CART_EVENTS_PARTITIONS": "\(partitions)", "DLQ_TOPIC": "cart-events.dlq",
                        "HTTP_HOST": "127.0.0.1", "HTTP_PORT": "\(service.port)", "LOG_LEVEL": "info", "LOG_FORMAT": "text",
                        "DATABASE_PATH": data.appendingPathComponent("\(service.name).sqlite").path,
                        "ADMIN_TOKEN": adminToken, "INSTANCE_ID": "\(service.name)-local",
                        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": "\(sink.port)", "SMTP_FROM": "shop@cartstream.local",
                        "REMINDER_AFTER_SECONDS": "3600",
                    ]) { $1 },
                    logFile: data.appendingPathComponent("logs/\(service.name).log"), liveness: liveness, logger: logger))
        }

        say(
            """
            CartStream is starting on \(cluster == nil ? "the Kafka cluster at \(bootstrapServers)" : "an embedded Kafka mock cluster"):
              kafka \(cluster == nil ? "(external)       " : "(mock, 3 brokers)") \(bootstrapServers)   topics: cart-events (\(partitions) partitions), cart-events.dlq
              smtp sink                127.0.0.1:\(sink.port)   mail saved in \(data.path)/mail
            """)
        for service in services.all {
            say(
                "  \(service.name.padding(toLength: 23, withPad: " ", startingAt: 0)) http://127.0.0.1:\(service.port)   (/health/ready, /metrics)"
            )
        }
        say(
            """
              logs                     \(data.path)/logs
              admin token              \(adminToken)
              try: cartctl tail --bootstrap-servers \(bootstrapServers) --from-beginning
            Ctrl-C stops everything.
            """)

        let console = LocalConsole(
            services: services, sink: sink, logger: logger,
            demo: demo
                ? DemoTraffic(
                    cartService: URL(string: "http://127.0.0.1:\(services.cart.port)")!, carts: carts, seed: seed) : nil,
            exitAfterDemo: exitAfterDemo)
        let group = ServiceGroup(
            configuration: .init(
                services: (cluster.map { [.init(service: $0)] } ?? []) + [.init(service: sink)]
                    + children.map { .init(service: $0) }
                    + [.init(service: console, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint, .sighup],
                logger: logger))
        do {
            try await group.run()
        } catch {
            say("CartStream stopped because a component failed: \((error as? LauncherError)?.description ?? "\(error)")")
            throw ExitCode(1)
        }
        say("CartStream stopped.")
    }

    /// The Kafka settings, checked before anything starts: librdkafka refusing a property (a CA file
    /// that does not load, an unknown SASL mechanism) ends the launcher with its message and status 78,
    /// and so does a secured protocol on the embedded cluster, which speaks plaintext only.
    func checkedKafkaSettings() throws -> LauncherKafkaSettings {
        do {
            let kafka = try LauncherKafkaSettings.load(
                propertyFlags: kafkaProperties, bootstrapServersFlag: bootstrapServers, configFileFlag: kafkaConfigFile,
                environment: EnvironmentReader())
            var quiet = Logger(label: "cartstream.kafka")
            quiet.logLevel = .critical
            _ = try KafkaAdmin(configuration: kafka.client, logger: quiet)
            if !kafka.usesExternalCluster, kafka.client.securityProtocol != .plaintext {
                throw KafkaError(
                    kind: .invalidConfiguration(property: "security.protocol"),
                    message: "security.protocol=\(kafka.client.securityProtocol.rawValue) needs a real cluster: the embedded one speaks "
                        + "plaintext only. Pass --bootstrap-servers to run against a secured cluster.")
            }
            return kafka
        } catch let error as KafkaError {
            var property = ""
            if case .invalidConfiguration(let name) = error.kind { property = " (\(name))" }
            say("cartstream: invalid Kafka configuration\(property): \(error.message)")
            throw ExitCode(78)
        }
    }

    /// Creates the event, dead-letter and snapshot topics on an external cluster where missing.
    func createExternalTopics(_ client: KafkaClientConfiguration) async throws {
        var quiet = Logger(label: "cartstream.kafka")
        quiet.logLevel = .critical
        let admin = try KafkaAdmin(configuration: client, logger: quiet)
        let metadata: KafkaClusterMetadata
        do {
            metadata = try await admin.metadata(timeout: .seconds(15))
        } catch {
            let reason = admin.recentClientError.map(\.message) ?? "\(error)"
            say("cartstream: cannot reach Kafka at \(client.bootstrapServersString): \(reason)")
            throw ExitCode(4)
        }
        let missing = [
            KafkaTopicSpecification.eventStore(name: "cart-events", partitions: partitions, replicationFactor: -1),
            KafkaTopicSpecification(name: "cart-events.dlq", partitions: 3, replicationFactor: -1),
        ].filter { metadata.topic($0.name) == nil }
        if !missing.isEmpty { try await admin.createTopics(missing) }
    }
}
