import EventSourcing
import Foundation

// The seed document's example: Bob orders a product (NewOrderEvent, eventID 321)
// and changes the quantity from 5 to 6 (ModifyOrderEvent, eventID 322); the
// OrderView is rebuilt from the events.

enum OrderEvent: Sendable, Equatable, Codable {
    case newOrder(product: String, quantity: Int)
    case modifyOrder(quantity: Int)
}

enum OrderCommand: Sendable {
    case place(product: String, quantity: Int)
    case changeQuantity(Int)
}

struct OrderError: Error, Equatable {
    let reason: String
}

struct OrderView: Sendable, Equatable, Codable {
    var product: String?
    var quantity = 0
    var modifications = 0
}

enum OrderDecider: Decider {
    static var initialState: OrderView { OrderView() }

    static func decide(_ command: OrderCommand, state: OrderView) throws(OrderError) -> [OrderEvent] {
        switch command {
        case .place(let product, let quantity):
            guard state.product == nil else { throw OrderError(reason: "exists") }
            return [.newOrder(product: product, quantity: quantity)]
        case .changeQuantity(let quantity):
            guard state.product != nil else { throw OrderError(reason: "missing") }
            guard quantity > 0 else { throw OrderError(reason: "quantity") }
            return quantity == state.quantity ? [] : [.modifyOrder(quantity: quantity)]
        }
    }

    static func evolve(_ state: OrderView, _ event: OrderEvent) -> OrderView {
        var state = state
        switch event {
        case .newOrder(let product, let quantity):
            state.product = product
            state.quantity = quantity
        case .modifyOrder(let quantity):
            state.quantity = quantity
            state.modifications += 1
        }
        return state
    }
}

/// Registry for the order events: `order.created` v2 (v1 called the field
/// `qty`), `order.modified` v1.
enum OrderRegistry: EventRegistry {
    static let schemas = UpcasterChain(
        currentVersions: ["order.created": 2, "order.modified": 1],
        upcasters: [
            Upcaster(eventType: "order.created", fromVersion: 1) { v1 in
                guard case .object(var o) = v1, let qty = o["qty"] else {
                    throw OrderError(reason: "no qty")
                }
                o["qty"] = nil
                o["quantity"] = qty
                return .object(o)
            }
        ]
    )

    static func eventType(of event: OrderEvent) -> String {
        switch event {
        case .newOrder: "order.created"
        case .modifyOrder: "order.modified"
        }
    }

    static func payload(of event: OrderEvent) -> JSONValue {
        switch event {
        case .newOrder(let product, let quantity):
            .object(["product": .string(product), "quantity": .integer(Int64(quantity))])
        case .modifyOrder(let quantity):
            .object(["quantity": .integer(Int64(quantity))])
        }
    }

    struct Created: Decodable {
        let product: String
        let quantity: Int
    }
    struct Modified: Decodable { let quantity: Int }

    static func event(from payload: JSONValue, eventType: String) throws -> OrderEvent {
        switch eventType {
        case "order.created":
            let c = try payload.decode(Created.self)
            return .newOrder(product: c.product, quantity: c.quantity)
        default:
            return .modifyOrder(quantity: try payload.decode(Modified.self).quantity)
        }
    }
}

enum Seed {
    static let orderID = "order-bob-1"
    static let newOrderID = UUID(uuidString: "00000000-0000-0000-0000-000000000321")!
    static let modifyOrderID = UUID(uuidString: "00000000-0000-0000-0000-000000000322")!
    static let t0 = Date(millisecondsSince1970: 1_767_225_600_123)  // 2026-01-01T00:00:00.123Z

    static func envelope(
        _ event: OrderEvent, sequence: Int64, id: UUID = UUID(),
        correlationID: UUID? = nil, causationID: UUID? = nil
    ) -> EventEnvelope<OrderEvent> {
        EventEnvelope(
            eventID: id, streamID: orderID, sequence: sequence,
            eventType: OrderRegistry.eventType(of: event),
            schemaVersion: OrderRegistry.schemas.currentVersion(of: OrderRegistry.eventType(of: event))!,
            occurredAt: t0.addingTimeInterval(Double(sequence)), correlationID: correlationID,
            causationID: causationID, actor: "customer:bob", payload: event)
    }

    static var bobsEvents: [EventEnvelope<OrderEvent>] {
        [
            envelope(.newOrder(product: "widget", quantity: 5), sequence: 1, id: newOrderID),
            envelope(.modifyOrder(quantity: 6), sequence: 2, id: modifyOrderID),
        ]
    }
}
