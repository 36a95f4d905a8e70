import CartDomain
import EventSourcing
import Foundation
import Kafka
import KafkaEventStore

/// Decodes topic records and renders them as readable lines.
struct EventFormatter {
    let terminal: Terminal
    let codec = CartEventCodec.cart

    /// The decoded event, or the decoding error.
    func decode(_ message: KafkaMessage) -> Result<EventEnvelope<CartEvent>, EventDecodingError> {
        Result { () throws(EventDecodingError) in try codec.decode(EncodedEvent(message)) }
    }

    /// One line: time, partition/offset, cart, sequence, type, summary.
    func line(_ message: KafkaMessage) -> String {
        let position = terminal.dim("\(message.partition)/\(message.offset)")
        switch decode(message) {
        case .success(let envelope):
            let time = ISO8601DateFormatter().string(from: envelope.occurredAt)
            return "\(terminal.dim(time)) \(position) \(terminal.bold(envelope.streamID)) #\(envelope.sequence) "
                + "\(terminal.eventType(envelope.eventType)) \(summary(envelope.payload))"
        case .failure(let error):
            return "\(position) \(message.keyString ?? "-") \(terminal.paint("undecodable: \(error.reasonCode)", "1;31")) \(error)"
        }
    }

    /// A short human summary of an event.
    func summary(_ event: CartEvent) -> String {
        switch event {
        case .created(let e): "customer=\(e.customerID) <\(e.customerEmail)> \(e.currency.code)"
        case .itemAdded(let e): "\(e.quantity) × \(e.sku) \"\(e.name)\" @ \(e.unitPrice.formatted)"
        case .itemQuantityChanged(let e): "\(e.sku) \(e.fromQuantity) → \(e.toQuantity)"
        case .itemRemoved(let e): "\(e.sku)"
        case .checkedOut(let e):
            "\(e.itemCount) items, \(e.subtotal.formatted), payment \(e.paymentReference), to \(e.shippingAddress.city) \(e.shippingAddress.country)"
        case .abandoned(let e): "reason: \(e.reason)"
        }
    }
}
