import BillingServiceCore
import CartDomain
import ConsumerRuntime
import EventSourcing
import Foundation
import GRDB
import ServiceRuntime
import Testing

@Suite("Billing service", .serialized)
struct BillingServiceTests {
    static let behaviour = ConsumerBehaviour<BillingReadModel>(service: "billing-service") { configuration, bed in
        try ConsumerRuntime(
            configuration: configuration, model: BillingReadModel(taxRateBasisPoints: 1900), codec: CartEventCodec.cart, health: .init(),
            logger: bed.logger)
    }

    @Test(arguments: [
        (Int64(3998), Int64(1900), Int64(760)),  // 759.62 → 760
        (750, 1900, 142),  // 142.5 → 142 (even)
        (250, 1900, 48),  // 47.5 → 48 (even)
        (1497, 1900, 284),  // 284.43 → 284
        (0, 1900, 0),
        (1, 5000, 0),  // 0.5 → 0 (even)
        (3, 5000, 2),  // 1.5 → 2 (even)
    ])
    func taxIsRoundedHalfEvenOnTheTotal(subtotal: Int64, basisPoints: Int64, expected: Int64) {
        #expect(TaxCalculation.tax(onSubtotal: subtotal, basisPoints: basisPoints) == expected)
    }

    @Test func everyCheckoutGetsOneGapFreeNumberedInvoice() async throws {
        let bed = try TestBed()
        defer { bed.removeFiles() }
        let script = CartScript.sample
        try await bed.produce(script.envelopes)
        // A redelivered checkout (same event, same sequence) must not bill twice.
        let bobCheckout = script.envelopes.first { $0.streamID == "cart-bob-1" && $0.payload.eventType == CartCheckedOut.eventType }!
        try await bed.produce([bobCheckout])
        let running = RunningConsumer(
            try Self.behaviour.make(bed.configuration(service: "billing-service", database: "billing.sqlite"), bed))
        try await running.waitUntilCaughtUp(bed)
        try await running.runtime.store.database.read { db in
            let numbers = try String.fetchAll(db, sql: "SELECT invoice_number FROM invoices ORDER BY number")
            #expect(numbers == (1...6).map { BillingReadModel.invoiceNumber($0) })
            let alice = try BillingQueries.invoices(customerID: "alice", in: db)
            #expect(alice.map(\.subtotalMinor) == [3998, 750])
            #expect(alice.map(\.taxMinor) == [760, 142])
            #expect(alice.map(\.totalMinor) == [4758, 892])
            #expect(alice.first?.lines.first?.name == "Book <Deluxe>")
            let bob = try #require(try BillingQueries.invoice(cartID: "cart-bob-1", in: db))
            #expect(bob.taxMinor == 17081 && bob.totalMinor == 106_981 && bob.currency == "EUR")
            #expect(try BillingQueries.invoice(cartID: "cart-dave-1", in: db) == nil)
            let totals = try BillingQueries.dailyTotals(currency: "EUR", in: db)
            let subtotal: Int64 = 3998 + 750 + 89_900 + 1497 + 250 + 500
            let tax: Int64 = 760 + 142 + 17081 + 284 + 48 + 95
            #expect(totals.map(\.day) == ["2026-01-01"])
            #expect(totals.first?.invoices == 6 && totals.first?.subtotalMinor == subtotal)
            #expect(totals.first?.taxMinor == tax && totals.first?.totalMinor == subtotal + tax)
            #expect(try BillingQueries.dailyTotals(currency: "USD", in: db).isEmpty)
        }
        // A replay into a fresh file issues the same invoices, numbers included.
        try running.runtime.startReplay(.beginning)
        try await eventually("replay completed") { running.runtime.replayStatus.state == "completed" }
        #expect(try await running.runtime.store.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM invoices") } == 6)
        await running.stop()
    }

    @Test(arguments: [UInt64(3), 4]) func restartsAtRandomPointsMatchAFullReplay(seed: UInt64) async throws {
        try await Self.behaviour.restartsMatchFullReplay(seed: seed)
    }

    @Test func poisonRecordsGoToTheDeadLetterTopic() async throws {
        try await Self.behaviour.poisonRecordsAreDeadLettered { db throws in
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM invoices")
            #expect(count == 6)
        }
    }

    @Test func replaysFromBeginningOffsetsAndTimestamp() async throws {
        try await Self.behaviour.replays()
    }

    @Test func recreatedTopicIsDetectedAndNotSkipped() async throws {
        try await Self.behaviour.recreatedTopicIsDetected()
    }
}
