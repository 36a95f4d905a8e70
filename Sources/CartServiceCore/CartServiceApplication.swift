import CartDomain
import EventSourcing
public import Hummingbird
public import Kafka
import KafkaEventStore
public import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle
public import ServiceRuntime

/// Assembles the cart service: topic provisioning, partition ownership, the REST API and
/// the operational endpoints. `main` only reads configuration and runs what this returns.
public enum CartServiceApplication {
    /// Builds the HTTP application (a `Service` that also runs the event feed).
    /// - Parameters:
    ///   - configuration: settings.
    ///   - mockCluster: the embedded mock cluster, when there is no real broker.
    ///   - health: the health monitor behind `/health/*`.
    ///   - logger: the service logger.
    public static func make(
        configuration: CartServiceConfiguration, mockCluster: MockCluster? = nil,
        health: HealthMonitor = HealthMonitor(), logger: Logger
    ) async throws -> some ApplicationProtocol {
        let provisioner = EventTopicProvisioner(
            topics: [
                .eventStore(
                    name: configuration.topic, partitions: configuration.partitions, replicationFactor: configuration.replicationFactor),
                CartSnapshotStore.specification(eventsTopic: configuration.topic, replicationFactor: configuration.replicationFactor),
            ],
            client: configuration.kafka, mockCluster: mockCluster)
        try await provisioner.ensureTopics(logger: logger)
        let admin = try KafkaAdmin(configuration: configuration.kafka)
        guard let topic = try await admin.metadata(topic: configuration.topic).topic(configuration.topic) else {
            throw KafkaError(kind: .broker, message: "topic \(configuration.topic) is missing")
        }
        let metrics = CartServiceMetrics()
        let codec = CartEventCodec(source: "/cartstream/cart-service/\(configuration.instanceID)")
        let snapshots =
            configuration.snapshotEvery > 0
            ? try CartSnapshotStore(eventsTopic: configuration.topic, client: configuration.kafka, logger: logger) : nil
        let directory = CartPartitionDirectory(
            configuration: configuration, codec: codec, admin: admin, health: health, metrics: metrics, logger: logger,
            snapshots: snapshots)
        if let snapshots {
            let verified = await snapshots.loadVerified()
            directory.loadedSnapshots.withLockedValue { $0 = verified }
            let summary = verified.keys.sorted().map { "\($0)@\(verified[$0]!.nextOffset)" }
            health.set(
                "snapshots", ready: true,
                detail: summary.isEmpty ? "none usable" : "verified snapshots for partitions \(summary.joined(separator: ", "))")
        }
        let history = CartHistoryReader(topic: configuration.topic, client: configuration.kafka, codec: codec, logger: logger)
        let handler = CartCommandHandler(
            directory: directory, partitionCount: Int32(topic.partitions.count), metrics: metrics, history: history)
        let router = Router()
        router.add(middleware: LogRequestsMiddleware(.debug))
        CartRoutes(handler: handler, configuration: configuration).add(to: router)
        OperationsRoutes.add(to: router, health: health)
        BuildInfoMetric.register(service: "cart-service")
        let feed = CartEventFeed(configuration: configuration, directory: directory, logger: logger)
        var app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "cart-service"),
            logger: logger)
        app.addServices(feed)
        return app
    }
}
