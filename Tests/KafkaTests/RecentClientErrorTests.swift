import Kafka
import Logging
import Testing

/// `KafkaAdmin.recentClientError`: librdkafka's own reason why a cluster cannot be reached.
@Suite("Recent client-level error")
struct RecentClientErrorTests {
    private func quiet() -> Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    @Test("a refused connection is reported with librdkafka's reason")
    func connectionRefused() async throws {
        let admin = try KafkaAdmin(
            configuration: KafkaClientConfiguration(bootstrapServers: ["127.0.0.1:1"], clientID: "refused"), logger: quiet())
        await #expect(throws: KafkaError.self) { _ = try await admin.metadata(timeout: .seconds(2)) }
        let error = try #require(admin.recentClientError)
        #expect(error.message.contains("Connection refused"), "\(error)")
        #expect(error.codeName == "_TRANSPORT", "\(error)")
    }

    @Test("an unresolvable host is reported as a resolution failure")
    func unresolvableHost() async throws {
        let admin = try KafkaAdmin(
            configuration: KafkaClientConfiguration(bootstrapServers: ["no-such-host.invalid:9092"], clientID: "unresolvable"),
            logger: quiet())
        await #expect(throws: KafkaError.self) { _ = try await admin.metadata(timeout: .seconds(2)) }
        let error = try #require(admin.recentClientError)
        #expect(error.message.contains("Failed to resolve"), "\(error)")
        #expect(error.codeName == "_RESOLVE", "\(error)")
    }

    @Test("a reachable cluster reports no client-level error")
    func reachableCluster() async throws {
        let cluster = try MockCluster(brokers: 1, logger: quiet())
        let admin = try KafkaAdmin(configuration: cluster.clientConfiguration(), logger: quiet())
        _ = try await admin.metadata(timeout: .seconds(5))
        #expect(admin.recentClientError == nil)
    }
}
