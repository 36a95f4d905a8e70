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
            ]
        ),
        // What every CartStream executable shares: configuration, logging, health, metrics, problem+json.
        .target(
            name: "ServiceRuntime",
            dependencies: [
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
                "CartServiceCore", "ServiceRuntime", "Kafka",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // `cartctl`: the operator's CLI.
        .executableTarget(
            name: "CartCtl",
            dependencies: [
                "Kafka", "KafkaEventStore", "EventSourcing", "CartDomain",
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
                "Kafka", "KafkaEventStore", "SMTPSink", "ServiceRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // `kafka-mock`: runs librdkafka's mock cluster until SIGTERM.
        .executableTarget(
            name: "KafkaMockBroker",
            dependencies: [
                "Kafka",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // `kafka-bench`: Swift side of the Swift-vs-C throughput benchmark.
        .executableTarget(
            name: "KafkaBenchmark",
            dependencies: [
                "Kafka",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "KafkaTests",
            dependencies: ["Kafka"]
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
        .testTarget(
            name: "ServiceRuntimeTests",
            dependencies: ["ServiceRuntime"]
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
