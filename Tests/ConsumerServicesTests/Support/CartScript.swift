import CartDomain
import EventSourcing
import Foundation

/// A scripted stream of cart events in event time, with per-cart sequences.
struct CartScript {
    static let start: Int64 = 1_767_225_600_000  // 2026-01-01T00:00:00Z
    private(set) var envelopes: [EventEnvelope<CartEvent>] = []
    private var sequences: [String: Int64] = [:]
    private(set) var clock: Int64 = CartScript.start
    private var counter = 0
    /// Distinguishes event ids of otherwise equal scripts (a recreated topic).
    var idSalt = 0

    static func eur(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: .eur) }

    static func address(_ street: String) -> ShippingAddress {
        ShippingAddress(name: "Test Person", line1: street, postalCode: "10115", city: "Berlin", country: "DE")
    }

    /// Appends an event `seconds` after the previous one.
    mutating func emit(_ cart: String, _ event: CartEvent, after seconds: Int64 = 30) {
        clock += seconds * 1000
        counter += 1
        let sequence = (sequences[cart] ?? 0) + 1
        sequences[cart] = sequence
        let id = UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", counter + idSalt * 1_000_000))!
        envelopes.append(
            EventEnvelope(
                eventID: id, cartID: cart, sequence: sequence, occurredAt: Date(millisecondsSince1970: clock),
                actor: "customer:test", event: event))
    }

    mutating func create(_ cart: String, customer: String, after seconds: Int64 = 30) {
        emit(
            cart, .created(CartCreated(cartID: cart, customerID: customer, customerEmail: "\(customer)@example.com", currency: .eur)),
            after: seconds)
    }

    mutating func add(_ cart: String, sku: String, name: String = "Widget", unit: Int64, quantity: Int, after seconds: Int64 = 30) {
        emit(cart, .itemAdded(CartItemAdded(sku: sku, name: name, unitPrice: Self.eur(unit), quantity: quantity)), after: seconds)
    }

    mutating func checkout(
        _ cart: String, lines: [(sku: String, name: String, unit: Int64, quantity: Int)], payment: String = "pay_1",
        street: String = "Hauptstraße 1", after seconds: Int64 = 30
    ) {
        let checkoutLines = lines.map {
            CheckoutLine(
                sku: $0.sku, name: $0.name, unitPrice: Self.eur($0.unit), quantity: $0.quantity,
                lineTotal: Self.eur($0.unit * Int64($0.quantity)))
        }
        let subtotal = checkoutLines.reduce(Int64(0)) { $0 + $1.lineTotal.minorUnits }
        emit(
            cart,
            .checkedOut(
                CartCheckedOut(
                    lines: checkoutLines, subtotal: Self.eur(subtotal), itemCount: lines.reduce(0) { $0 + $1.quantity },
                    paymentReference: payment, shippingAddress: Self.address(street))), after: seconds)
    }

    /// The sample every service test uses: six customers, ten carts.
    static var sample: CartScript {
        var s = CartScript()
        // alice: two checkouts with different addresses and payment references.
        s.create("cart-alice-1", customer: "alice")
        s.add("cart-alice-1", sku: "BOOK-1", name: "Book <Deluxe>", unit: 1999, quantity: 2)
        s.checkout("cart-alice-1", lines: [("BOOK-1", "Book <Deluxe>", 1999, 2)], payment: "pay_a1", street: "Alleeweg 1")
        s.create("cart-alice-2", customer: "alice")
        s.add("cart-alice-2", sku: "PEN-1", name: "Pen", unit: 250, quantity: 3)
        s.checkout("cart-alice-2", lines: [("PEN-1", "Pen", 250, 3)], payment: "pay_a2", street: "Bahnhofstraße 9")
        // bob: one expensive checkout.
        s.create("cart-bob-1", customer: "bob")
        s.add("cart-bob-1", sku: "TV-1", name: "Television", unit: 89_900, quantity: 1)
        s.checkout("cart-bob-1", lines: [("TV-1", "Television", 89_900, 1)], payment: "pay_b1")
        // carol: many changes just before checkout.
        s.create("cart-carol-1", customer: "carol")
        s.add("cart-carol-1", sku: "SOCK-1", name: "Socks", unit: 499, quantity: 10)
        s.add("cart-carol-1", sku: "HAT-1", name: "Hat", unit: 1500, quantity: 1)
        for quantity in [8, 6, 4, 3] {
            s.emit(
                "cart-carol-1",
                .itemQuantityChanged(CartItemQuantityChanged(sku: "SOCK-1", fromQuantity: quantity + 1, toQuantity: quantity)), after: 10)
        }
        s.emit("cart-carol-1", .itemRemoved(CartItemRemoved(sku: "HAT-1")), after: 10)
        s.checkout("cart-carol-1", lines: [("SOCK-1", "Socks", 499, 3)], payment: "pay_c1")
        // dave: abandons.
        s.create("cart-dave-1", customer: "dave")
        s.add("cart-dave-1", sku: "MUG-1", name: "Mug", unit: 899, quantity: 1)
        s.emit("cart-dave-1", .abandoned(CartAbandoned(reason: "customer_request")))
        // erin: leaves a cart open (reminder after an hour of event time).
        s.create("cart-erin-1", customer: "erin")
        s.add("cart-erin-1", sku: "LAMP-1", name: "Lamp", unit: 4599, quantity: 1)
        // frank: four carts in quick succession, one checkout.
        for index in 1...4 { s.create("cart-frank-\(index)", customer: "frank", after: 5) }
        s.add("cart-frank-4", sku: "PEN-1", name: "Pen", unit: 250, quantity: 1)
        s.checkout("cart-frank-4", lines: [("PEN-1", "Pen", 250, 1)], payment: "pay_f4")
        // two hours later, another customer's activity moves event time on.
        s.create("cart-gina-1", customer: "gina", after: 7200)
        s.add("cart-gina-1", sku: "PEN-1", name: "Pen", unit: 250, quantity: 2)
        s.checkout("cart-gina-1", lines: [("PEN-1", "Pen", 250, 2)], payment: "pay_g1")
        return s
    }
}
