import CartDomain
import EventSourcing
import Foundation
import Kafka
import KafkaEventStore
import Logging

/// Reads one cart's older events from its partition: for carts restored from a snapshot, whose
/// in-memory history starts after the snapshot.
struct CartHistoryReader: Sendable {
    let topic: String
    let client: KafkaClientConfiguration
    let codec: CartEventCodec
    let logger: Logger

    /// The cart's events in `partition` before `endOffset`, in sequence order.
    func events(cartID: String, partition: Int32, before endOffset: Int64) async throws -> [StoredCartEvent] {
        var configuration = KafkaConsumerConfiguration(client: client)
        configuration.client.clientID = "\(client.clientID)-history"
        configuration.prefetchMessages = 10_000
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        let topicPartition = TopicPartition(topic, partition)
        let marks = try await consumer.watermarks(topicPartition)
        let end = min(endOffset, marks.high)
        var events: [StoredCartEvent] = []
        guard end > marks.low else {
            await consumer.close()
            return []
        }
        try consumer.assign([TopicPartitionOffset(topicPartition, .beginning)])
        var position = marks.low
        let deadline = ContinuousClock.now + .seconds(30)
        while position < end && ContinuousClock.now < deadline {
            for message in try await consumer.poll(maxMessages: 1000, timeout: .milliseconds(200)) where message.offset < end {
                position = message.offset + 1
                guard message.keyString == cartID, let envelope = try? codec.decode(EncodedEvent(message)) else { continue }
                events.append(StoredCartEvent(envelope: envelope, partition: partition, offset: message.offset))
            }
            if let current = try consumer.positions([topicPartition])[topicPartition] ?? nil, current >= end { break }
        }
        await consumer.close()
        return events.sorted { $0.envelope.sequence < $1.envelope.sequence }
    }
}
