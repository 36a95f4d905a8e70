import CartDomain
import EventSourcing
import Foundation

/// Shared fixtures: sample commands, addresses and carts.
enum Sample {
    static let cartID = "cart-bob-1"
    static let address = ShippingAddress(
        name: "Bob Builder", line1: "Hauptstraße 1", line2: "2. OG",
        postalCode: "10115", city: "Berlin", country: "DE")
    static let create = CartCommand.createCart(
        cartID: cartID, customerID: "cust-42",
        customerEmail: "bob@example.com", currency: .eur)
    static func eur(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: .eur) }
    static let addWidgets = CartCommand.addItem(sku: "WIDGET-1", name: "Widget", unitPrice: eur(1234), quantity: 5)
    static let addGadget = CartCommand.addItem(sku: "GADGET-7", name: "Gadget", unitPrice: eur(999), quantity: 1)
    static let checkout = CartCommand.checkout(paymentReference: "pay_abc123", shippingAddress: address)

    /// Runs commands from an empty cart, returning all events and the final state.
    static func run(_ commands: [CartCommand], from state: CartState = .empty) throws(CartError) -> (events: [CartEvent], state: CartState)
    {
        var state = state
        var events: [CartEvent] = []
        for command in commands {
            let result = try CartDecider.handle(command, state: state)
            events += result.events
            state = result.state
        }
        return (events, state)
    }

    static func state(_ commands: [CartCommand]) -> CartState {
        do { return try run(commands).state } catch { fatalError("fixture failed: \(error)") }
    }

    static var openCart: CartState { state([create, addWidgets]) }
    static var checkedOutCart: CartState { state([create, addWidgets, checkout]) }
    static var abandonedCart: CartState { state([create, .abandon(reason: "customer_request")]) }

    /// One sample of every event type (and a line2-less address).
    static let everyEvent: [CartEvent] = [
        .created(CartCreated(cartID: cartID, customerID: "cust-42", customerEmail: "bob@example.com", currency: .eur)),
        .itemAdded(CartItemAdded(sku: "WIDGET-1", name: "Widget", unitPrice: eur(1234), quantity: 5)),
        .itemQuantityChanged(CartItemQuantityChanged(sku: "WIDGET-1", fromQuantity: 5, toQuantity: 6)),
        .itemRemoved(CartItemRemoved(sku: "WIDGET-1")),
        .checkedOut(
            CartCheckedOut(
                lines: [CheckoutLine(sku: "WIDGET-1", name: "Widget", unitPrice: eur(1234), quantity: 6, lineTotal: eur(7404))],
                subtotal: eur(7404), itemCount: 6, paymentReference: "pay_abc123", shippingAddress: address)),
        .checkedOut(
            CartCheckedOut(
                lines: [
                    CheckoutLine(
                        sku: "SUSHI-1", name: "寿司セット", unitPrice: Money(minorUnits: 1500, currency: .jpy),
                        quantity: 2, lineTotal: Money(minorUnits: 3000, currency: .jpy))
                ],
                subtotal: Money(minorUnits: 3000, currency: .jpy), itemCount: 2, paymentReference: "pi:3MtwBw",
                shippingAddress: ShippingAddress(
                    name: "Yuki", line1: "1-1 Chiyoda", postalCode: "100-0001",
                    city: "Tokyo", country: "JP"))),
        .abandoned(CartAbandoned(reason: "inactivity_timeout")),
    ]

    static func envelopes(_ events: [CartEvent]) -> [EventEnvelope<CartEvent>] {
        events.enumerated().map { i, event in
            EventEnvelope(
                cartID: cartID, sequence: Int64(i + 1),
                occurredAt: Date(millisecondsSince1970: 1_767_225_600_000 + Int64(i) * 1000),
                correlationID: i.isMultiple(of: 2) ? UUID() : nil, actor: "customer:cust-42", event: event)
        }
    }
}
