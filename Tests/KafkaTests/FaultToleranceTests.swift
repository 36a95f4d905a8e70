import Foundation
import Kafka
import Testing

@Suite("Faults and errors")
struct FaultToleranceTests {
    @Test(
        "brokers down during production: every acknowledged record is present exactly once afterwards",
        .enabled(if: TestCluster.usesMock, "needs the mock cluster's fault injection"))
    func brokerOutageDuringProduction() async throws {
        let cluster = try TestCluster()
        let topic = try await cluster.topic(partitions: 3)
        var configuration = cluster.producerConfiguration()
        configuration.messageTimeout = .seconds(8)  // generous: a loaded CI machine is slow
        let producer = try KafkaProducer(configuration: configuration, logger: cluster.logger)
        var acknowledged: Set<String> = []
        var failed = 0
        for round in 0..<6 {
            if round == 2 { try cluster.cluster.setAllBrokersDown() }
            if round == 4 {
                try cluster.cluster.setAllBrokersUp()
                // Wait (bounded) until the producer reconnected to every partition's leader, as a
                // caller retrying would: one reconnected leader says nothing about the others, whose
                // reconnect backoff can outlast a record's timeout.
                let deadline = ContinuousClock.now + .seconds(30)
                var reachable: Set<Int32> = []
                while reachable.count < 3 && ContinuousClock.now < deadline {
                    for partition in Int32(0)..<3 where !reachable.contains(partition) {
                        var probe = KafkaProducerRecord(topic: topic, key: "probe", value: "probe-\(UUID().uuidString.prefix(4))")
                        probe.partition = partition
                        if (try? await producer.send(probe)) != nil {
                            acknowledged.insert(probe.value.string)
                            reachable.insert(partition)
                        }
                    }
                }
            }
            let records = (0..<50).map { KafkaProducerRecord(topic: topic, key: "k\($0 % 7)", value: "r\(round)-\($0)") }
            for (record, result) in zip(records, try await producer.send(contentsOf: records)) {
                switch result {
                case .success: acknowledged.insert(record.value.string)
                case .failure: failed += 1
                }
            }
        }
        #expect(failed > 0, "the outage should have failed some sends")
        for round in [0, 1, 4, 5] {
            #expect((0..<50).allSatisfy { acknowledged.contains("r\(round)-\($0)") }, "round \(round) should be fully acknowledged")
        }
        let consumer = try cluster.consumer()
        try assignAll(consumer, topic: topic, partitions: 3)
        let messages = try await collect(consumer, count: acknowledged.count) + (try await drain(consumer, for: .seconds(1)))
        var counts: [String: Int] = [:]
        for message in messages { counts[message.valueString ?? "", default: 0] += 1 }
        for value in acknowledged { #expect(counts[value] == 1, "acknowledged \(value) seen \(counts[value] ?? 0) times") }
        await consumer.close()
        await producer.close()
    }

    @Test(
        "watermarks and committed offsets give up with a retriable timeout when every broker is down",
        .enabled(if: TestCluster.usesMock, "needs the mock cluster's fault injection"), .timeLimit(.minutes(1)))
    func boundedQueriesDuringOutage() async throws {
        let cluster = try TestCluster()
        let topic = try await cluster.topic(partitions: 1)
        let consumer = try cluster.consumer(group: "bounded-\(UUID().uuidString.prefix(6))")
        let partition = TopicPartition(topic, 0)
        _ = try await consumer.watermarks(partition)  // leader known, connections up
        try cluster.cluster.setAllBrokersDown()
        // librdkafka's own wait for the answer ends only with socket.timeout.ms (60 s);
        // the call must return near the timeout the caller gave.
        let started = ContinuousClock.now
        let watermarks = await outcome { () async throws(KafkaError) in try await consumer.watermarks(partition, timeout: .seconds(2)) }
        let committed = await outcome { () async throws(KafkaError) in try await consumer.committed([partition], timeout: .seconds(2)) }
        let elapsed = ContinuousClock.now - started
        for result in [watermarks.map { _ in () }, committed.map { _ in () }] {
            guard case .failure(let error) = result else {
                Issue.record("a query succeeded with every broker down")
                continue
            }
            #expect(error.isRetriable, "\(error)")
        }
        #expect(elapsed < .seconds(30), "the queries took \(elapsed); socket.timeout.ms is 60 s")
        try cluster.cluster.setAllBrokersUp()
        await consumer.close()
    }

    @Test(
        "a task waiting for room in a full queue ends promptly when cancelled, with the record not produced",
        .enabled(if: TestCluster.usesMock, "needs the mock cluster's fault injection"), .timeLimit(.minutes(1)))
    func cancelWhileQueueFull() async throws {
        let cluster = try TestCluster()
        let topic = try await cluster.topic(partitions: 1)
        var configuration = cluster.producerConfiguration()
        configuration.maxQueuedMessages = 5
        let producer = try KafkaProducer(configuration: configuration, logger: cluster.logger)
        try cluster.cluster.setAllBrokersDown()  // nothing drains: the queue stays full
        let loader = Task { () -> KafkaError? in
            do {
                for index in 0..<50 {
                    try await producer.enqueue(KafkaProducerRecord(topic: topic, partition: 0, value: "r\(index)".bytes))
                }
                return nil
            } catch {
                return error as? KafkaError
            }
        }
        try await Task.sleep(for: .milliseconds(500))
        let cancelled = ContinuousClock.now
        loader.cancel()
        let error = await loader.value
        #expect(ContinuousClock.now - cancelled < .seconds(5))
        let failure = try #require(error, "enqueue returned although the queue stayed full")
        #expect(failure.message.contains("cancelled"), "\(failure)")
        try cluster.cluster.setAllBrokersUp()
        await producer.close(timeout: .seconds(5))
    }

    @Test("invalid configuration names the property and librdkafka's reason")
    func invalidConfiguration() throws {
        var configuration = KafkaProducerConfiguration()
        configuration.client.properties["linger.ms"] = "not-a-number"
        #expect {
            _ = try KafkaProducer(configuration: configuration)
        } throws: { error in
            guard let error = error as? KafkaError, case .invalidConfiguration(let property) = error.kind else { return false }
            return property == "linger.ms" && error.description.contains("linger.ms")
        }
        var unknown = KafkaConsumerConfiguration()
        unknown.client.properties["no.such.property"] = "1"
        #expect {
            _ = try KafkaConsumer(configuration: unknown)
        } throws: { error in
            guard let error = error as? KafkaError, case .invalidConfiguration(let property) = error.kind else { return false }
            return property == "no.such.property"
        }
    }

    @Test("an unreachable broker gives a clear, retriable error naming the address")
    func unreachableBroker() async throws {
        let configuration = KafkaClientConfiguration(bootstrapServers: ["127.0.0.1:1"], clientID: "unreachable")
        let admin = try KafkaAdmin(configuration: configuration)
        await #expect {
            _ = try await admin.metadata(timeout: .seconds(2))
        } throws: { error in
            guard let error = error as? KafkaError, case .unreachable(let servers) = error.kind else { return false }
            return servers == "127.0.0.1:1" && error.isRetriable && error.description.contains("127.0.0.1:1")
        }
        var producerConfiguration = KafkaProducerConfiguration(client: configuration)
        producerConfiguration.messageTimeout = .seconds(2)
        let producer = try KafkaProducer(configuration: producerConfiguration)
        await #expect {
            _ = try await producer.send(KafkaProducerRecord(topic: "x", key: nil, value: "y"))
        } throws: { error in
            (error as? KafkaError)?.isTimeout == true
        }
        await producer.close(timeout: .seconds(1))
    }
}

extension Array where Element == UInt8 {
    var string: String { String(decoding: self, as: UTF8.self) }
}

/// The outcome of a throwing async call, as a value.
private func outcome<T>(_ body: () async throws(KafkaError) -> T) async -> Result<T, KafkaError> {
    do { return .success(try await body()) } catch { return .failure(error) }
}
