import EventSourcing
import Foundation
import Testing

@Suite struct DeciderTests {
    @Test func seedOrderViewIsRebuiltFromNewAndModifyEvents() {
        let view = OrderDecider.fold(envelopes: Seed.bobsEvents)
        #expect(view == OrderView(product: "widget", quantity: 6, modifications: 1))
        #expect(Seed.bobsEvents.map { String($0.eventID.uuidString.suffix(3)) } == ["321", "322"])
    }

    @Test func foldOfNoEventsIsInitialState() {
        #expect(OrderDecider.fold([]) == OrderDecider.initialState)
    }

    @Test func foldContinuesFromAGivenState() {
        let afterFirst = OrderDecider.fold([.newOrder(product: "widget", quantity: 5)])
        let resumed = OrderDecider.fold([.modifyOrder(quantity: 6)], from: afterFirst)
        #expect(resumed == OrderDecider.fold([.newOrder(product: "widget", quantity: 5), .modifyOrder(quantity: 6)]))
    }

    @Test func handleDecidesAndEvolves() throws {
        let placed = try OrderDecider.handle(.place(product: "widget", quantity: 5), state: OrderDecider.initialState)
        let changed = try OrderDecider.handle(.changeQuantity(6), state: placed.state)
        #expect(changed.events == [.modifyOrder(quantity: 6)])
        #expect(changed.state.quantity == 6)
    }

    @Test func decideReportsTypedFailure() {
        #expect(throws: OrderError(reason: "missing")) {
            try OrderDecider.decide(.changeQuantity(6), state: OrderDecider.initialState)
        }
    }
}
