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
        .package(url: "https://github.com/apple/swift-service-context.git", from: "1.2.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
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
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceContextModule", package: "swift-service-context"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The CartStream version, librdkafka's and Swift's (`--version`, `cartstream_build_info`), and where
        // the configuration reference is: the only thing every executable shares.
        .target(name: "CartStreamBuild", dependencies: ["Kafka"]),
        // What every CartStream executable shares: configuration, logging, health, metrics, problem+json.
        .target(
            name: "ServiceRuntime",
            dependencies: [
                "CartStreamBuild",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // Events on Kafka: record mapping and topic provisioning (no domain knowledge).
        .target(
            name: "KafkaEventStore",
            dependencies: ["EventSourcing", "Kafka", .product(name: "Logging", package: "swift-log")]
        ),
        // The cart service: HTTP commands → per-cart sequenced events on the topic.
        .target(
            name: "CartServiceCore",
            dependencies: [
                "CartDomain", "EventSourcing", "Kafka", "KafkaEventStore", "ServiceRuntime",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            resources: [.copy("Resources/openapi.yaml")]
        ),
        .executableTarget(
            name: "CartService",
            dependencies: [
                "CartServiceCore", "CartStreamBuild", "Kafka", "ServiceRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `cartctl`: the operator's CLI.
        .executableTarget(
            name: "CartCtl",
            dependencies: [
                "CartDomain", "CartStreamBuild", "EventSourcing", "Kafka", "KafkaEventStore",
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
                "CartStreamBuild", "Kafka", "KafkaEventStore", "SMTPSink", "ServiceRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // `kafka-mock`: runs librdkafka's mock cluster until SIGTERM.
        .executableTarget(
            name: "KafkaMockBroker",
            dependencies: [
                "CartStreamBuild", "Kafka",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // `kafka-bench`: Swift side of the Swift-vs-C throughput benchmark.
        .executableTarget(
            name: "KafkaBenchmark",
            dependencies: [
                "CartStreamBuild", "Kafka",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Shared runtime of read-model consumers: SQLite offsets in the model's transaction,
        // topic-identity checks, DLQ, batching, replay, time travel, admin routes.
        .target(
            name: "ConsumerRuntime",
            dependencies: [
                "EventSourcing", "Kafka", "KafkaEventStore", "ServiceRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
                "CartDomain", "ConsumerRuntime", "EventSourcing", "ServiceRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "FraudService",
            dependencies: [
                "CartStreamBuild", "ConsumerRuntime", "FraudServiceCore", "ServiceRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "BillingServiceCore",
            dependencies: [
                "CartDomain", "ConsumerRuntime", "EventSourcing", "ServiceRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "BillingService",
            dependencies: [
                "BillingServiceCore", "CartStreamBuild", "ConsumerRuntime", "ServiceRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "EmailServiceCore",
            dependencies: [
                "CartDomain", "ConsumerRuntime", "EventSourcing", "Kafka", "ServiceRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "EmailService",
            dependencies: [
                "CartStreamBuild", "ConsumerRuntime", "EmailServiceCore", "ServiceRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ConsumerServicesTests",
            dependencies: [
                "BillingServiceCore", "CartDomain", "ConsumerRuntime", "EmailServiceCore", "EventSourcing",
                "FraudServiceCore", "Kafka", "KafkaEventStore", "ServiceRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "KafkaTests",
            dependencies: [
                "Kafka",
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceContextModule", package: "swift-service-context"),
            ],
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
                "CartDomain", "CartServiceCore", "Kafka", "ServiceRuntime",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ]
        ),
        // Runs the built executables (cartstream, cartctl) as a user would.
        .testTarget(
            name: "SystemTests",
            dependencies: []
        ),
        .testTarget(
            name: "ServiceRuntimeTests",
            dependencies: [
                "CartStreamBuild", "ServiceRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
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

// Every Swift target builds with the upcoming features Hummingbird uses: `any` spelled out for
// existentials, members visible only from modules a file imports, and imports internal unless
// marked `public import` (so a module's public API names exactly what it re-exposes).
for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}
