import Foundation
import Testing

@testable import Kafka

/// SASL settings reach the broker connection, and an authentication failure reaches the caller
/// with librdkafka's reason.
///
/// librdkafka 2.0.2's mock cluster does not implement SaslHandshake/SaslAuthenticate (it answers
/// ApiVersion without them; librdkafka then reports "SASL Handshake not supported by broker"), so a
/// SASL round trip cannot run here: these tests prove the failure path instead. Mock-only, because
/// what a real broker answers depends on its listeners (docs/kafka-security.md).
@Suite("SASL against the mock cluster", .enabled(if: TestCluster.usesMock))
struct SASLAgainstMockTests {
    func saslClient(_ cluster: TestCluster) -> KafkaClientConfiguration {
        var client = cluster.clientConfiguration
        client.securityProtocol = .saslPlaintext
        client.sasl = KafkaSASLConfiguration(.scramSHA256(username: "cartstream", password: KafkaSecret("not-logged")))
        return client
    }

    @Test("a consumer whose SASL authentication fails gets the failure from poll, with librdkafka's reason")
    func consumerGetsAuthenticationFailure() async throws {
        let cluster = try TestCluster(brokers: 1)
        let topic = try await cluster.topic(partitions: 1)
        var configuration = KafkaConsumerConfiguration(client: saslClient(cluster))
        configuration.pollTimeout = .milliseconds(200)
        let consumer = try KafkaConsumer(configuration: configuration, logger: cluster.logger)
        try consumer.assign([TopicPartitionOffset(TopicPartition(topic, 0), .beginning)])
        var thrown: KafkaError?
        let deadline = ContinuousClock.now + .seconds(20)
        while thrown == nil, ContinuousClock.now < deadline {
            do { _ = try await consumer.poll() } catch { thrown = error }
        }
        let error = try #require(thrown)
        #expect(error.codeName == "_AUTHENTICATION", "\(error)")
        #expect(error.message.contains("SASL"), "\(error.message)")
        #expect(!error.message.contains("not-logged"))
        await consumer.close()
    }

    @Test("an admin call fails, and the client's recent error says why: SASL, not a generic timeout")
    func adminReason() async throws {
        let cluster = try TestCluster(brokers: 1)
        let admin = try KafkaAdmin(configuration: saslClient(cluster), logger: cluster.logger)
        await #expect(throws: KafkaError.self) { try await admin.metadata(timeout: .seconds(3)) }
        let reason = try #require(admin.recentClientError)
        #expect(reason.message.contains("SASL"), "\(reason)")
    }
}
