import CartDomain
import EventSourcing
import Foundation
import Testing

@Suite struct CartSnapshotTests {
    @Test(arguments: [Sample.openCart, Sample.checkedOutCart, Sample.abandonedCart, CartState.empty])
    func roundTripsCartState(state: CartState) throws {
        let snapshot = Snapshot(
            state: state, streamID: Sample.cartID, sequence: state.version,
            stateSchemaVersion: CartState.snapshotSchemaVersion, takenAt: Date())
        #expect(try Snapshot<CartState>(jsonData: snapshot.jsonData()) == snapshot)
    }

    @Test func snapshotPlusTailEqualsFullReplay() throws {
        let (events, state) = try Sample.run([
            Sample.create, Sample.addWidgets, Sample.addGadget,
            .changeItemQuantity(sku: "WIDGET-1", quantity: 6), .removeItem(sku: "GADGET-7"),
        ])
        let policy = SnapshotPolicy.every(2)
        var snapshot: Snapshot<CartState>?
        var folded = CartState.empty
        for envelope in Sample.envelopes(events) {
            folded = CartDecider.evolve(folded, envelope.payload)
            if policy.shouldSnapshot(at: envelope.sequence, lastSnapshotSequence: snapshot?.sequence) {
                snapshot = Snapshot(
                    state: folded, streamID: Sample.cartID, sequence: envelope.sequence,
                    stateSchemaVersion: 1, takenAt: Date())
            }
        }
        let restored = try Snapshot<CartState>(jsonData: #require(snapshot).jsonData())
        #expect(restored.sequence == 4)
        let tail = Sample.envelopes(events).filter { $0.sequence > restored.sequence }
        #expect(CartDecider.fold(envelopes: tail, from: restored.state) == state)
    }
}
