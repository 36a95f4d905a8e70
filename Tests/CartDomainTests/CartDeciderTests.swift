import CartDomain
import EventSourcing
import Testing

@Suite struct CartDeciderTests {
    @Test func createCart() throws {
        let events = try CartDecider.decide(Sample.create, state: .empty)
        #expect(
            events == [
                .created(
                    CartCreated(
                        cartID: Sample.cartID, customerID: "cust-42",
                        customerEmail: "bob@example.com", currency: .eur))
            ])
        let state = CartDecider.fold(events)
        #expect(state.status == .open)
        #expect(state.customer == CartCustomer(id: "cust-42", email: "bob@example.com"))
        #expect(state.currency == .eur)
        #expect(state.version == 1)
    }

    @Test func addItemsKeepsInsertionOrder() throws {
        let (events, state) = try Sample.run([Sample.create, Sample.addWidgets, Sample.addGadget])
        #expect(events.count == 3)
        #expect(state.lines.map(\.sku) == ["WIDGET-1", "GADGET-7"])
        #expect(state.itemCount == 6)
        #expect(try state.subtotal() == Sample.eur(5 * 1234 + 999))
    }

    @Test func addingAnExistingSkuIncreasesItsQuantity() throws {
        let events = try CartDecider.decide(
            .addItem(sku: "WIDGET-1", name: "Widget", unitPrice: Sample.eur(1234), quantity: 3), state: Sample.openCart)
        #expect(events == [.itemQuantityChanged(CartItemQuantityChanged(sku: "WIDGET-1", fromQuantity: 5, toQuantity: 8))])
        let state = CartDecider.fold(events, from: Sample.openCart)
        #expect(state.lines.count == 1)
        #expect(state.line(for: "WIDGET-1")?.quantity == 8)
    }

    @Test func freeItemsAreAllowed() throws {
        let events = try CartDecider.decide(
            .addItem(sku: "GIFT-1", name: "Gift", unitPrice: Sample.eur(0), quantity: 1), state: Sample.openCart)
        #expect(events.count == 1)
    }

    @Test func changeQuantity() throws {
        let events = try CartDecider.decide(.changeItemQuantity(sku: "WIDGET-1", quantity: 999), state: Sample.openCart)
        #expect(events == [.itemQuantityChanged(CartItemQuantityChanged(sku: "WIDGET-1", fromQuantity: 5, toQuantity: 999))])
    }

    @Test func changingToTheSameQuantityIsANoOp() throws {
        let events = try CartDecider.decide(.changeItemQuantity(sku: "WIDGET-1", quantity: 5), state: Sample.openCart)
        #expect(events.isEmpty)
    }

    @Test func removeItem() throws {
        let (events, state) = try Sample.run([.removeItem(sku: "WIDGET-1")], from: Sample.openCart)
        #expect(events == [.itemRemoved(CartItemRemoved(sku: "WIDGET-1"))])
        #expect(state.lines.isEmpty)
        #expect(state.status == .open)
    }

    @Test func checkoutComputesTotalsInMinorUnits() throws {
        let (events, state) = try Sample.run([Sample.addGadget, Sample.checkout], from: Sample.openCart)
        guard case .checkedOut(let e) = try #require(events.last) else {
            Issue.record("expected checkedOut, got \(events)")
            return
        }
        #expect(e.lines.map(\.lineTotal) == [Sample.eur(6170), Sample.eur(999)])
        #expect(e.subtotal == Sample.eur(7169))
        #expect(e.subtotal.formatted == "71.69 EUR")
        #expect(e.itemCount == 6)
        #expect(e.paymentReference == "pay_abc123")
        #expect(e.shippingAddress == Sample.address)
        #expect(state.status == .checkedOut)
    }

    @Test func checkoutNormalisesBlankLine2() throws {
        var address = Sample.address
        address.line2 = "  "
        let events = try CartDecider.decide(.checkout(paymentReference: "p1", shippingAddress: address), state: Sample.openCart)
        guard case .checkedOut(let e) = events.first else {
            Issue.record("no checkout")
            return
        }
        #expect(e.shippingAddress.line2 == nil)
    }

    @Test(arguments: [Sample.openCart, Sample.state([Sample.create])])
    func abandonAnOpenCart(state: CartState) throws {
        let (events, after) = try Sample.run([.abandon(reason: "customer_request")], from: state)
        #expect(events == [.abandoned(CartAbandoned(reason: "customer_request"))])
        #expect(after.status == .abandoned)
    }

    @Test func versionCountsEveryEvent() {
        let state = Sample.checkedOutCart
        #expect(state.version == 3)
    }
}
