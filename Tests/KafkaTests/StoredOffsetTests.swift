import Foundation
import Testing

@testable import Kafka

/// What `.stored` means for a group with nothing stored, on any broker, and that an error which
/// stops delivery reaches the caller instead of becoming silence.
///
/// Apache Kafka answers OffsetFetch for a group it does not know with "no offset"; other
/// Kafka-protocol brokers answer `GROUP_ID_NOT_FOUND`. On the mock the second answer is injected;
/// against a real broker (`CARTSTREAM_TEST_BOOTSTRAP`) the tests see whichever that broker gives.
@Suite("Stored offsets and errors that stop delivery")
struct StoredOffsetTests {
    static let offsetFetch: Int16 = 9

    @Test(".stored on a group that never committed starts where auto.offset.reset says, whatever the broker answers")
    func storedWithoutCommits() async throws {
        let cluster = try TestCluster()
        let topic = try await cluster.topic(partitions: 1)
        let producer = try cluster.producer()
        _ = try await producer.send(contentsOf: (0..<3).map { KafkaProducerRecord(topic: topic, key: nil, value: "\($0)") })
        if TestCluster.usesMock {
            try cluster.cluster.pushRequestErrors(apiKey: Self.offsetFetch, errors: [KafkaError.groupIDNotFound])
        }
        let earliest = try cluster.consumer(group: "never-\(UUID().uuidString.prefix(6))")
        try earliest.assign([TopicPartitionOffset(TopicPartition(topic, 0), .stored)])
        #expect(try await collect(earliest, count: 3, timeout: .seconds(15)).map(\.valueString) == ["0", "1", "2"])
        await earliest.close()

        if TestCluster.usesMock {
            try cluster.cluster.pushRequestErrors(apiKey: Self.offsetFetch, errors: [KafkaError.groupIDNotFound])
        }
        var configuration = cluster.consumerConfiguration(group: "never-\(UUID().uuidString.prefix(6))")
        configuration.autoOffsetReset = .latest
        let latest = try KafkaConsumer(configuration: configuration, logger: cluster.logger)
        try latest.assign([TopicPartitionOffset(TopicPartition(topic, 0), .stored)])
        // The end is resolved once the partition's fetcher runs: wait for its first fetch answer.
        let started = ContinuousClock.now
        while latest.cachedWatermarks(TopicPartition(topic, 0)) == nil, ContinuousClock.now - started < .seconds(15) {
            #expect(try await latest.poll(timeout: .milliseconds(200)).isEmpty)
        }
        _ = try await producer.send(KafkaProducerRecord(topic: topic, key: nil, value: "3"))
        let afterEnd = try await collect(latest, count: 1, timeout: .seconds(15))
        #expect(afterEnd.map(\.valueString) == ["3"], "\(afterEnd.map { "\($0.offset):\($0.valueString)" })")
        await latest.close()

        if TestCluster.usesMock {
            try cluster.cluster.pushRequestErrors(apiKey: Self.offsetFetch, errors: [KafkaError.groupIDNotFound])
        }
        configuration.groupID = "never-\(UUID().uuidString.prefix(6))"
        configuration.autoOffsetReset = .error
        let strict = try KafkaConsumer(configuration: configuration, logger: cluster.logger)
        do {
            try strict.assign([TopicPartitionOffset(TopicPartition(topic, 0), .stored)])
            Issue.record("auto.offset.reset=error with nothing committed must throw")
        } catch {
            if case .offsetOutOfRange(let partition) = error.kind {
                #expect(partition == TopicPartition(topic, 0))
            } else {
                Issue.record("unexpected \(error)")
            }
        }
        await strict.close()
        await producer.close()
    }

    @Test("a committed-offset fetch that fails for another reason is thrown by assign, not swallowed", .enabled(if: TestCluster.usesMock))
    func committedFetchFailure() async throws {
        let cluster = try TestCluster()
        let topic = try await cluster.topic(partitions: 1)
        let consumer = try cluster.consumer(group: "denied-\(UUID().uuidString.prefix(6))")
        try cluster.cluster.pushRequestErrors(apiKey: Self.offsetFetch, errors: [KafkaError.groupAuthorizationFailed])
        #expect(throws: KafkaError.self) {
            try consumer.assign([TopicPartitionOffset(TopicPartition(topic, 0), .stored)])
        }
        await consumer.close()
    }

    @Test(
        "a group member whose committed offsets cannot be fetched gets the error from poll, within bounded time",
        .enabled(if: TestCluster.usesMock))
    func subscribedFetchFailureIsThrown() async throws {
        let cluster = try TestCluster()
        let topic = try await cluster.topic(partitions: 1)
        let producer = try cluster.producer()
        _ = try await producer.send(KafkaProducerRecord(topic: topic, key: nil, value: "x"))
        // librdkafka fetches the group's offsets after the join and retries a few times before it
        // gives up on the partition; every answer is the error.
        try cluster.cluster.pushRequestErrors(
            apiKey: Self.offsetFetch, errors: Array(repeating: KafkaError.groupAuthorizationFailed, count: 20))
        let consumer = try cluster.consumer(group: "denied-\(UUID().uuidString.prefix(6))")
        try consumer.subscribe([topic])
        var thrown: KafkaError?
        let deadline = ContinuousClock.now + .seconds(30)
        while thrown == nil, ContinuousClock.now < deadline {
            do { _ = try await consumer.poll(timeout: .milliseconds(200)) } catch { thrown = error }
        }
        #expect(thrown?.codeName == "GROUP_AUTHORIZATION_FAILED", "\(String(describing: thrown))")
        await consumer.close()
        await producer.close()
    }
}

extension KafkaError {
    static let groupIDNotFound: Int32 = 69
    static let groupAuthorizationFailed: Int32 = 30
}
