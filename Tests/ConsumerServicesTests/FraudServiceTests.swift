import CartDomain
import ConsumerRuntime
import EventSourcing
import Foundation
import FraudServiceCore
import GRDB
import ServiceRuntime
import Testing

@Suite("Fraud service", .serialized)
struct FraudServiceTests {
    static let behaviour = ConsumerBehaviour<FraudReadModel>(service: "fraud-service") { configuration, bed in
        try ConsumerRuntime(
            configuration: configuration, model: FraudReadModel(), codec: CartEventCodec.cart, health: .init(), logger: bed.logger)
    }

    @Test func scriptedCartsRaiseTheExpectedFlags() async throws {
        let bed = try TestBed()
        defer { bed.removeFiles() }
        try await bed.produce(CartScript.sample.envelopes)
        let running = RunningConsumer(try Self.behaviour.make(bed.configuration(service: "fraud-service", database: "fraud.sqlite"), bed))
        try await running.waitUntilCaughtUp(bed)
        try await running.runtime.store.database.read { db in
            #expect(try FraudQueries.cartRisk("cart-bob-1", in: db)?.flags.map(\.flag) == ["high_cart_value"])
            #expect(try FraudQueries.cartRisk("cart-carol-1", in: db)?.flags.map(\.flag) == ["churn_before_checkout"])
            #expect(try FraudQueries.cartRisk("cart-gina-1", in: db)?.score == 0)
            let alice = try #require(try FraudQueries.customerRisk("alice", in: db))
            #expect(Set(alice.flags.map(\.flag)) == ["many_shipping_addresses", "many_payment_references"])
            #expect(alice.score == 65)
            #expect(try FraudQueries.customerRisk("frank", in: db)?.flags.map(\.flag) == ["too_many_carts"])
            #expect(try FraudQueries.flagged(minScore: 40, in: db).map(\.subjectId) == ["alice", "bob", "cart-bob-1"])
        }
        // Time travel: before bob's checkout nothing about bob is flagged.
        let bobCheckout = CartScript.sample.envelopes.first {
            $0.streamID == "cart-bob-1" && $0.payload.eventType == CartCheckedOut.eventType
        }!
        let before = try await running.runtime.withReadModel(asOf: bobCheckout.occurredAt.addingTimeInterval(-1)) { pool in
            try pool.read { try FraudQueries.cartRisk("cart-bob-1", in: $0) }
        }
        #expect(before?.score == 0)
        await running.stop()
    }

    @Test func consumerGroupResumesFromStoredOffsets() async throws {
        let bed = try TestBed()
        defer { bed.removeFiles() }
        let events = CartScript.sample.envelopes
        try await bed.produce(Array(events[..<10]))
        var configuration = bed.configuration(service: "fraud-service", database: "group.sqlite")
        configuration.assignment = .group
        configuration.consumerGroup = "fraud-\(UUID().uuidString.prefix(6))"
        let first = RunningConsumer(try Self.behaviour.make(configuration, bed))
        try await first.waitUntilCaughtUp(bed, timeout: .seconds(40))
        let health = first.runtime.health
        try await eventually("ready", timeout: .seconds(10)) { health.isReady }
        await first.stop()
        try await bed.produce(Array(events[10...]))
        let second = RunningConsumer(try Self.behaviour.make(configuration, bed))
        try await second.waitUntilCaughtUp(bed, timeout: .seconds(40))
        let replayed = try second.runtime.scratchStore(suffix: "group-check")
        try await second.runtime.rebuild(into: replayed)
        #expect(try replayed.checksum() == second.runtime.store.checksum())
        replayed.destroy()
        await second.stop()
    }

    @Test(arguments: [UInt64(1), 2]) func restartsAtRandomPointsMatchAFullReplay(seed: UInt64) async throws {
        try await Self.behaviour.restartsMatchFullReplay(seed: seed)
    }

    @Test func poisonRecordsGoToTheDeadLetterTopic() async throws {
        try await Self.behaviour.poisonRecordsAreDeadLettered { db throws in
            let flags = try FraudQueries.cartRisk("cart-bob-1", in: db)?.flags.map(\.flag)
            #expect(flags == ["high_cart_value"])
        }
    }

    @Test func replaysFromBeginningOffsetsAndTimestamp() async throws {
        try await Self.behaviour.replays()
    }

    @Test(.timeLimit(.minutes(3))) func ridesOutABrokerOutage() async throws {
        try await Self.behaviour.ridesOutABrokerOutage()
    }

    @Test func recreatedTopicIsDetectedAndNotSkipped() async throws {
        try await Self.behaviour.recreatedTopicIsDetected()
    }
}
