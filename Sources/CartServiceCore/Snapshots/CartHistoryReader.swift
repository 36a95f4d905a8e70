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
        let reader = KafkaPartitionReader(client: client, clientIDSuffix: "history", logger: logger)
        var events: [StoredCartEvent] = []
        try await reader.read(TopicPartition(topic, partition), upTo: endOffset) { message in
            if message.keyString == cartID, let envelope = try? codec.decode(EncodedEvent(message)) {
                events.append(StoredCartEvent(envelope: envelope, partition: partition, offset: message.offset))
            }
            return true
        }
        return events.sorted { $0.envelope.sequence < $1.envelope.sequence }
    }
}
