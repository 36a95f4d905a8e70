import ArgumentParser
import CartDomain
import EventSourcing
import Foundation
import Kafka

/// `cartctl history <cart>`: a cart's audit trail, read straight from the topic.
struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a cart's full audit trail from the topic, or its state at a time or sequence.")

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The cart id.") var cartID: String
    @Option(name: .customLong("as-of"), help: "Show the state as of this sequence number or RFC 3339 time.") var asOf: String?
    @Flag(help: "No colours.") var noColor = false

    func run() async throws {
        let partitions = try await cluster.partitions()
        let partition = KafkaPartitioner.partition(forKey: Array(cartID.utf8), partitionCount: Int32(partitions.count))
        let events = try await readCart(partition: partition)
        guard !events.isEmpty else {
            throw CartCtlError("no events for cart \(cartID) in \(cluster.topicName) partition \(partition) at \(cluster.servers)")
        }
        let formatter = EventFormatter(terminal: Terminal(noColor: noColor))
        if let asOf {
            let selected: [EventEnvelope<CartEvent>]
            if let sequence = Int64(asOf) {
                selected = events.filter { $0.sequence <= sequence }
            } else if let milliseconds = RFC3339Timestamp.parseMilliseconds(asOf) {
                let date = Date(millisecondsSince1970: milliseconds)
                selected = events.filter { $0.occurredAt <= date }
            } else {
                throw ValidationError("--as-of takes a sequence number or an RFC 3339 time such as 2026-11-25T12:00:00Z")
            }
            let state = CartDecider.fold(envelopes: selected)
            print("cart \(cartID) as of \(asOf): \(state.status.rawValue), version \(state.version)")
            for line in state.lines { print("  \(line.quantity) × \(line.sku) \(line.name) @ \(line.unitPrice.formatted)") }
            if let subtotal = try? state.subtotal() { print("  subtotal \(subtotal.formatted)") }
            return
        }
        for envelope in events {
            let time = ISO8601DateFormatter().string(from: envelope.occurredAt)
            print("#\(envelope.sequence) \(time) \(formatter.terminal.eventType(envelope.eventType)) by \(envelope.actor): \(formatter.summary(envelope.payload))")
        }
    }

    private func readCart(partition: Int32) async throws -> [EventEnvelope<CartEvent>] {
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(client: cluster.client), logger: cluster.quietLogger)
        let topicPartition = TopicPartition(cluster.topicName, partition)
        let marks = try await consumer.watermarks(topicPartition)
        try consumer.assign([TopicPartitionOffset(topicPartition, .beginning)])
        let formatter = EventFormatter(terminal: Terminal(noColor: true))
        var events: [EventEnvelope<CartEvent>] = []
        var position = marks.low
        let deadline = ContinuousClock.now + .seconds(60)
        while position < marks.high && ContinuousClock.now < deadline {
            let batch = try await consumer.poll(maxMessages: 1000, timeout: .milliseconds(300))
            if batch.isEmpty, try await consumer.positions([topicPartition])[topicPartition].flatMap({ $0 }).map({ $0 >= marks.high }) == true { break }
            for message in batch {
                position = message.offset + 1
                if message.keyString == cartID, case .success(let envelope) = formatter.decode(message) { events.append(envelope) }
            }
        }
        await consumer.close()
        return events.sorted { $0.sequence < $1.sequence }
    }
}
