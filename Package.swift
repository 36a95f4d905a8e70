// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "CartStream",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "EventSourcing", targets: ["EventSourcing"]),
        .library(name: "CartDomain", targets: ["CartDomain"]),
        .library(name: "KafkaEventStore", targets: ["KafkaEventStore"]),
        .executable(name: "cart-service", targets: ["CartService"]),
        .executable(name: "cartctl", targets: ["CartCtl"]),
        .executable(name: "cartstream", targets: ["CartStreamLauncher"]),
        .executable(name: "kafka-mock", targets: ["KafkaMockBroker"]),
        .library(name: "ConsumerRuntime", targets: ["ConsumerRuntime"]),
        .executable(name: "fraud-service", targets: ["FraudService"]),
        .executable(name: "billing-service", targets: ["BillingService"]),
        .executable(name: "email-service", targets: ["EmailService"]),
        .executable(name: "kafka-bench", targets: ["KafkaBenchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // C boundary: librdkafka from Debian's librdkafka-dev.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        // Our Kafka client: producer, consumer, admin, mock cluster.
        .target(
            name: "Kafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            ]
        ),
        // The CartStream version, librdkafka's and Swift's (`--version`, `cartstream_build_info`), and where
        // the configuration reference is: the only thing every executable shares.
        .target(name: "CartStreamBuild", dependencies: ["CRdKafka"]),
        // What every CartStream executable shares: configuration, logging, health, metrics, problem+json.
        .target(
            name: "ServiceRuntime",
            dependencies: [
                "CartStreamBuild",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Events on Kafka: record mapping and topic provisioning (no domain knowledge).
        .target(
            name: "KafkaEventStore",
            dependencies: ["Kafka", "EventSourcing", .product(name: "Logging", package: "swift-log")]
        ),
        // The cart service: HTTP commands → per-cart sequenced events on the topic.
        .target(
            name: "CartServiceCore",
            dependencies: [
                "Kafka", "KafkaEventStore", "EventSourcing", "CartDomain", "ServiceRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.yaml")]
        ),
        .executableTarget(
            name: "CartService",
            dependencies: [
                "CartServiceCore", "ServiceRuntime", "Kafka", "CartStreamBuild",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // `cartctl`: the operator's CLI.
        .executableTarget(
            name: "CartCtl",
            dependencies: [
                "Kafka", "KafkaEventStore", "EventSourcing", "CartDomain", "CartStreamBuild",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A local SMTP server that keeps every message (the local system's e-mail sink).
        .target(
            name: "SMTPSink",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // `cartstream`: the whole system on one machine (embedded mock cluster + the four services).
        .executableTarget(
            name: "CartStreamLauncher",
            dependencies: [
                "Kafka", "KafkaEventStore", "SMTPSink", "ServiceRuntime", "CartStreamBuild",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // `kafka-mock`: runs librdkafka's mock cluster until SIGTERM.
        .executableTarget(
            name: "KafkaMockBroker",
            dependencies: [
                "Kafka", "CartStreamBuild",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // `kafka-bench`: Swift side of the Swift-vs-C throughput benchmark.
        .executableTarget(
            name: "KafkaBenchmark",
            dependencies: [
                "Kafka", "CartStreamBuild",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Shared runtime of read-model consumers: SQLite offsets in the model's transaction,
        // topic-identity checks, DLQ, batching, replay, time travel, admin routes.
        .target(
            name: "ConsumerRuntime",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "Kafka", "KafkaEventStore", "EventSourcing", "ServiceRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "FraudServiceCore",
            dependencies: [
                "ConsumerRuntime", "CartDomain", "EventSourcing", "Kafka", "ServiceRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "FraudService",
            dependencies: [
                "FraudServiceCore", "ConsumerRuntime", "ServiceRuntime", "CartStreamBuild",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "BillingServiceCore",
            dependencies: [
                "ConsumerRuntime", "CartDomain", "EventSourcing", "Kafka", "ServiceRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "BillingService",
            dependencies: [
                "BillingServiceCore", "ConsumerRuntime", "ServiceRuntime", "CartStreamBuild",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "EmailServiceCore",
            dependencies: [
                "ConsumerRuntime", "CartDomain", "EventSourcing", "Kafka", "ServiceRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "EmailService",
            dependencies: [
                "EmailServiceCore", "ConsumerRuntime", "ServiceRuntime", "CartStreamBuild",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ConsumerServicesTests",
            dependencies: [
                "ConsumerRuntime", "FraudServiceCore", "BillingServiceCore", "EmailServiceCore",
                "CartDomain", "EventSourcing", "Kafka", "KafkaEventStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "KafkaTests",
            dependencies: ["Kafka", .product(name: "Instrumentation", package: "swift-distributed-tracing")],
            exclude: ["Interop/confluent_read.py"]
        ),
        // Pure event-sourcing core: envelopes, deciders, projections, snapshots,
        // upcasting and the transport-neutral record codec. Foundation only.
        .target(name: "EventSourcing"),
        // The cart domain: money, events, commands, decider, validation. No I/O.
        .target(
            name: "CartDomain",
            dependencies: ["EventSourcing"]
        ),
        .testTarget(
            name: "CartServiceTests",
            dependencies: [
                "CartServiceCore", "CartDomain", "EventSourcing", "Kafka", "KafkaEventStore", "ServiceRuntime",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        // Runs the built executables (cartstream, cartctl) as a user would.
        .testTarget(
            name: "SystemTests",
            dependencies: []
        ),
        .testTarget(
            name: "ServiceRuntimeTests",
            dependencies: ["ServiceRuntime", "CartStreamBuild", .product(name: "Prometheus", package: "swift-prometheus")]
        ),
        .testTarget(
            name: "EventSourcingTests",
            dependencies: ["EventSourcing"]
        ),
        .testTarget(
            name: "CartDomainTests",
            dependencies: ["CartDomain", "EventSourcing"]
        ),
    ]
)
