import CartDomain
import EventSourcing
import Foundation

/// A cart as the API shows it.
struct CartResponse: Encodable, Sendable {
    struct Line: Encodable, Sendable {
        var sku: String
        var name: String
        var unitPriceMinor: Int64
        var quantity: Int
        var lineTotalMinor: Int64
    }

    var cartId: String
    var status: String
    var customerId: String?
    var customerEmail: String?
    var currency: String?
    var version: Int64
    var items: [Line]
    var itemCount: Int
    var subtotalMinor: Int64

    init(cartID: String, state: CartState) {
        cartId = cartID
        status = state.status.rawValue
        customerId = state.customer?.id
        customerEmail = state.customer?.email
        currency = state.currency?.code
        version = state.version
        items = state.lines.map {
            Line(
                sku: $0.sku, name: $0.name, unitPriceMinor: $0.unitPrice.minorUnits, quantity: $0.quantity,
                lineTotalMinor: (try? $0.lineTotal().minorUnits) ?? 0)
        }
        itemCount = state.itemCount
        subtotalMinor = ((try? state.subtotal()) ?? nil)?.minorUnits ?? 0
    }
}

/// One entry of a cart's audit trail.
struct CartHistoryEntry: Encodable, Sendable {
    var eventId: String
    var sequence: Int64
    var type: String
    var schemaVersion: Int
    var occurredAt: Date
    var actor: String
    var correlationId: String?
    var causationId: String?
    var partition: Int32
    var offset: Int64
    var data: JSONValue

    init(_ stored: StoredCartEvent) {
        let envelope = stored.envelope
        eventId = envelope.eventID.uuidString.lowercased()
        sequence = envelope.sequence
        type = envelope.eventType
        schemaVersion = envelope.schemaVersion
        occurredAt = envelope.occurredAt
        actor = envelope.actor
        correlationId = envelope.correlationID?.uuidString.lowercased()
        causationId = envelope.causationID?.uuidString.lowercased()
        partition = stored.partition
        offset = stored.offset
        data = CartEventRegistry.payload(of: envelope.payload)
    }
}

/// `GET /carts/{id}/events` answer.
struct CartHistoryResponse: Encodable, Sendable {
    var cartId: String
    var events: [CartHistoryEntry]
}
