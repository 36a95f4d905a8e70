import Foundation
import Kafka
import Testing

@Suite("Observability")
struct StatisticsTests {
    @Test("librdkafka statistics are parsed and reported")
    func statisticsArrive() async throws {
        let cluster = try TestCluster(brokers: 1)
        let topic = try await cluster.topic(partitions: 1)
        var configuration = cluster.producerConfiguration()
        configuration.client.statisticsInterval = .milliseconds(100)
        let producer = try KafkaProducer(configuration: configuration, logger: cluster.logger)
        _ = try await producer.send(KafkaProducerRecord(topic: topic, key: "k", value: "v"))
        let deadline = ContinuousClock.now + .seconds(5)
        while producer.statistics.latest == nil && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let statistics = try #require(producer.statistics.latest)
        #expect(statistics.queuedMessages >= 0)
        await producer.close()
    }

    @Test("statistics JSON is parsed: queue depth, broker rtt and consumer lag")
    func parsesStatisticsJSON() throws {
        let json = """
            {"msg_cnt": 7, "brokers": {"b1": {"rtt": {"avg": 2500}}},
             "topics": {"cart-events": {"partitions": {"0": {"partition": 0, "consumer_lag": 42}, "-1": {"partition": -1, "consumer_lag": -1}}}}}
            """
        let statistics = try #require(KafkaStatistics(json: Array(json.utf8)))
        #expect(statistics.queuedMessages == 7)
        #expect(statistics.brokerRoundTripSeconds["b1"] == 0.0025)
        #expect(statistics.consumerLag == [TopicPartition("cart-events", 0): 42])
        #expect(KafkaStatistics(json: Array("not json".utf8)) == nil)
    }
}
