import ArgumentParser
import CartDomain
import EventSourcing
import Foundation
import Kafka

/// `cartctl history <cart>`: a cart's audit trail, read straight from the topic.
struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a cart's full audit trail from the topic, or its state at a time or sequence.")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The cart id.") var cartID: String
    @Option(name: .customLong("as-of"), help: "Show the state as of this sequence number or RFC 3339 time.") var asOf: String?
    @Flag(help: "No colours.") var noColor = false

    func run() async throws {
        let partitions = try await cluster.partitions()
        let partition = KafkaPartitioner.partition(forKey: Array(cartID.utf8), partitionCount: Int32(partitions.count))
        let events = try await readCart(partition: partition)
        guard !events.isEmpty else {
            throw CartCtlError(.failed, "no events for cart \(cartID) in \(cluster.topicName) partition \(partition) at \(cluster.servers)")
        }
        let formatter = EventFormatter(terminal: Terminal(noColor: noColor || output.isJSON))
        if let asOf {
            let selected: [EventEnvelope<CartEvent>]
            if let sequence = Int64(asOf) {
                selected = events.map(\.envelope).filter { $0.sequence <= sequence }
            } else if let milliseconds = RFC3339Timestamp.parseMilliseconds(asOf) {
                let date = Date(millisecondsSince1970: milliseconds)
                selected = events.map(\.envelope).filter { $0.occurredAt <= date }
            } else {
                throw ValidationError("--as-of takes a sequence number or an RFC 3339 time such as 2026-11-25T12:00:00Z")
            }
            let state = CartDecider.fold(envelopes: selected)
            let subtotal = try? state.subtotal()
            if output.isJSON {
                return try output.printJSON(
                    HistoryState(
                        cartId: cartID, asOf: asOf, status: state.status.rawValue, version: state.version, currency: state.currency?.code,
                        customerId: state.customer?.id,
                        lines: state.lines.map {
                            HistoryState.Line(
                                sku: $0.sku, name: $0.name, quantity: $0.quantity, unitPriceMinor: $0.unitPrice.minorUnits,
                                lineTotalMinor: (try? $0.lineTotal())?.minorUnits)
                        },
                        subtotalMinor: subtotal?.minorUnits))
            }
            print("cart \(cartID) as of \(asOf): \(state.status.rawValue), version \(state.version)")
            for line in state.lines { print("  \(line.quantity) × \(line.sku) \(line.name) @ \(line.unitPrice.formatted)") }
            if let subtotal { print("  subtotal \(subtotal.formatted)") }
            return
        }
        if output.isJSON {
            let trail = HistoryTrail(
                cartId: cartID, topic: cluster.topicName, partition: partition,
                events: events.map { event in
                    HistoryTrail.Event(
                        sequence: event.envelope.sequence, eventId: event.envelope.eventID.uuidString.lowercased(),
                        type: event.envelope.eventType,
                        schemaVersion: event.envelope.schemaVersion, occurredAt: RFC3339Timestamp.format(event.envelope.occurredAt),
                        actor: event.envelope.actor, partition: partition, offset: event.offset,
                        summary: formatter.summary(event.envelope.payload), data: CartEventRegistry.payload(of: event.envelope.payload))
                })
            return try output.printJSON(trail)
        }
        for event in events {
            let envelope = event.envelope
            let time = ISO8601DateFormatter().string(from: envelope.occurredAt)
            print(
                "#\(envelope.sequence) \(time) \(formatter.terminal.eventType(envelope.eventType)) by \(envelope.actor): \(formatter.summary(envelope.payload))"
            )
        }
    }

    private func readCart(partition: Int32) async throws -> [(offset: Int64, envelope: EventEnvelope<CartEvent>)] {
        let reader = KafkaPartitionReader(client: try cluster.client, clientIDSuffix: "history", logger: cluster.quietLogger)
        let formatter = EventFormatter(terminal: Terminal(noColor: true))
        var events: [(offset: Int64, envelope: EventEnvelope<CartEvent>)] = []
        try await reader.read(TopicPartition(cluster.topicName, partition), timeout: .seconds(60)) { message in
            if message.keyString == cartID, case .success(let envelope) = formatter.decode(message) {
                events.append((message.offset, envelope))
            }
            return true
        }
        return events.sorted { $0.envelope.sequence < $1.envelope.sequence }
    }
}
