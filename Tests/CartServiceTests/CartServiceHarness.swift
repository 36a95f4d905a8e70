import CartDomain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Kafka
import Logging
import NIOCore
import NIOFoundationCompat
import ServiceRuntime
import Testing

@testable import CartServiceCore

/// A mock cluster plus cart-service configurations pointing at it.
struct CartServiceHarness {
    let cluster: MockCluster
    let logger: Logger
    var configuration: CartServiceConfiguration

    init(partitions: Int32 = 3, brokers: Int = 1) throws {
        var logger = Logger(label: "cart-service-test")
        logger.logLevel =
            ProcessInfo.processInfo.environment["CARTSTREAM_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        self.logger = logger
        cluster = try MockCluster(brokers: brokers, logger: logger)
        configuration = CartServiceConfiguration(kafka: cluster.clientConfiguration(clientID: "cart-test"))
        configuration.partitions = partitions
        configuration.topic = "cart-events-\(UUID().uuidString.prefix(6))"
        configuration.ownershipGroup = "cart-service-\(UUID().uuidString.prefix(6))"
        configuration.port = 0
        // Generous: a loaded 2-core CI machine can take seconds to commit a transaction.
        configuration.commandTimeout = .seconds(10)
        configuration.sessionTimeout = .seconds(10)
        _ = MetricsBootstrap.registry
    }

    func makeApp(instance: String = "test-1", health: HealthMonitor = HealthMonitor()) async throws -> some ApplicationProtocol {
        var configuration = self.configuration
        configuration.instanceID = instance
        return try await CartServiceApplication.make(configuration: configuration, mockCluster: cluster, health: health, logger: logger)
    }

    /// Runs `body` against a started service once it reports ready.
    func withService(instance: String = "test-1", _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try await makeApp(instance: instance)
        try await app.test(.router) { client in
            try await waitUntilReady(client)
            try await body(client)
        }
    }

    /// Reads every record of the topic (for checking what really was appended).
    func readTopic(expecting count: Int, timeout: Duration = .seconds(10)) async throws -> [KafkaMessage] {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(client: cluster.clientConfiguration(clientID: "reader")), logger: logger)
        try consumer.assign(
            (0..<configuration.partitions).map { TopicPartitionOffset(TopicPartition(configuration.topic, $0), .beginning) })
        var messages: [KafkaMessage] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            messages += try await consumer.poll(maxMessages: 500, timeout: .milliseconds(200))
            if messages.count >= count { break }
        }
        messages += try await consumer.poll(maxMessages: 500, timeout: .milliseconds(300))
        await consumer.close()
        return messages
    }
}

/// Polls `/health/ready` until 200 (bounded).
func waitUntilReady(_ client: some TestClientProtocol, timeout: Duration = .seconds(30)) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        let status = try await client.execute(uri: "/health/ready", method: .get) { $0.status }
        if status == .ok { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("service did not become ready within \(timeout)")
}

/// A JSON body.
func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

/// Decodes a response body as a JSON object.
func object(_ response: TestResponse) throws -> [String: Any] {
    let data = Data(buffer: response.body)
    return try #require(
        try JSONSerialization.jsonObject(with: data) as? [String: Any], "not a JSON object: \(String(buffer: response.body))")
}

let jsonHeaders: HTTPFields = [.contentType: "application/json"]

extension TestClientProtocol {
    /// Creates a cart and returns its id.
    @discardableResult
    func createCart(_ id: String, customer: String = "bob", currency: String = "EUR") async throws -> String {
        let status = try await retryingWhileUnavailable {
            try await execute(
                uri: "/carts", method: .post, headers: jsonHeaders,
                body: json(
                    #"{"cartId":"\#(id)","customerId":"\#(customer)","customerEmail":"\#(customer)@example.com","currency":"\#(currency)"}"#
                )
            ) { $0.status }
        }
        #expect(status == .created, "create \(id): \(status)")
        return id
    }

    /// Adds an item and returns the response status.
    @discardableResult
    func addItem(_ cart: String, sku: String, price: Int = 450, quantity: Int = 1, headers: HTTPFields = [:]) async throws
        -> HTTPResponse.Status
    {
        var fields = jsonHeaders
        fields.append(contentsOf: headers)
        return try await retryingWhileUnavailable {
            try await execute(
                uri: "/carts/\(cart)/items", method: .post, headers: fields,
                body: json(#"{"sku":"\#(sku)","name":"Item \#(sku)","unitPriceMinor":\#(price),"quantity":\#(quantity)}"#)
            ) { $0.status }
        }
    }
}

/// Repeats a command while the service answers 503 (bounded), as a client honouring Retry-After would.
func retryingWhileUnavailable(
    timeout: Duration = .seconds(30), _ command: () async throws -> HTTPResponse.Status
) async throws -> HTTPResponse.Status {
    let deadline = ContinuousClock.now + timeout
    var status = try await command()
    while status == .serviceUnavailable && ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(250))
        status = try await command()
    }
    return status
}
