import CartDomain
import EventSourcing
import Testing

/// The seed: Bob orders a product, then changes the quantity from 5 to 6; the
/// view is rebuilt from the events alone.
@Suite struct SeedScenarioTests {
    @Test func bobChangesQuantityFromFiveToSix() throws {
        let (events, state) = try Sample.run([Sample.create, Sample.addWidgets, .changeItemQuantity(sku: "WIDGET-1", quantity: 6)])
        #expect(events.last == .itemQuantityChanged(CartItemQuantityChanged(sku: "WIDGET-1", fromQuantity: 5, toQuantity: 6)))
        #expect(state.line(for: "WIDGET-1")?.quantity == 6)
        #expect(state.version == 3)

        // Rebuild from the stored envelopes, as a read model would.
        let rebuilt = CartDecider.fold(envelopes: Sample.envelopes(events))
        #expect(rebuilt == state)
        #expect(try rebuilt.subtotal() == Sample.eur(6 * 1234))
    }

    @Test func rebuildingThroughTheCodecGivesTheSameState() throws {
        let (events, state) = try Sample.run([Sample.create, Sample.addWidgets, .changeItemQuantity(sku: "WIDGET-1", quantity: 6)])
        let codec = CartEventCodec.cart
        let decoded = try Sample.envelopes(events).map { try codec.decode(codec.encode($0)) }
        #expect(CartDecider.fold(envelopes: decoded) == state)
    }
}
