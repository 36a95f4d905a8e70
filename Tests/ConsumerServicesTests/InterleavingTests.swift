import BillingServiceCore
import CartDomain
import ConsumerRuntime
import EmailServiceCore
import EventSourcing
import Foundation
import FraudServiceCore
import GRDB
import Kafka
import Testing

/// A read model is a function of the events alone: the same events, each cart's in order (one
/// partition keeps them so) but the partitions interleaved differently, give the same tables.
@Suite("Read models do not depend on how partitions interleave (fraud, billing, email)")
struct InterleavingTests {
    static let partitions = 4

    /// The sample script plus a customer whose checkouts land in different partitions close in
    /// time, so per-customer windows combine partitions.
    static var events: [EventEnvelope<CartEvent>] {
        var script = CartScript.sample
        for index in 1...4 {
            let cart = "cart-henry-\(index)"
            script.create(cart, customer: "henry", after: 20)
            script.add(cart, sku: "PEN-1", name: "Pen", unit: 250, quantity: 1, after: 5)
            script.checkout(cart, lines: [("PEN-1", "Pen", 250, 1)], payment: "pay_h\(index)", street: "Weg \(index)", after: 5)
        }
        return script.envelopes
    }

    /// The partition of a cart: any fixed function of the key keeps each cart's events together.
    static func partition(of cart: String) -> Int { Int(cart.utf8.reduce(UInt32(7)) { ($0 &* 31) &+ UInt32($1) } % UInt32(partitions)) }

    /// Each partition's events in log order.
    static var logs: [[EventEnvelope<CartEvent>]] {
        var logs = Array(repeating: [EventEnvelope<CartEvent>](), count: partitions)
        for event in events { logs[partition(of: event.streamID)].append(event) }
        return logs
    }

    /// Ways a consumer can see the partitions: as produced, one partition after the other (both
    /// directions), round robin, and seeded random merges.
    static var interleavings: [(name: String, order: [(partition: Int, offset: Int)])] {
        let logs = Self.logs
        var result: [(String, [(Int, Int)])] = []
        var byTime: [(Int, Int)] = []
        var next = Array(repeating: 0, count: partitions)
        for event in events {
            let p = partition(of: event.streamID)
            byTime.append((p, next[p]))
            next[p] += 1
        }
        result.append(("event time", byTime))
        let sequential = (0..<partitions).flatMap { p in logs[p].indices.map { (p, $0) } }
        result.append(("partition by partition", sequential))
        result.append(("partitions in reverse", (0..<partitions).reversed().flatMap { p in logs[p].indices.map { (p, $0) } }))
        var roundRobin: [(Int, Int)] = []
        for offset in 0..<(logs.map(\.count).max() ?? 0) {
            for p in 0..<partitions where offset < logs[p].count { roundRobin.append((p, offset)) }
        }
        result.append(("round robin", roundRobin))
        for seed in [1, 2, 3] as [UInt64] {
            var generator = SeededGenerator(seed: seed)
            var positions = Array(repeating: 0, count: partitions)
            var merged: [(Int, Int)] = []
            while merged.count < events.count {
                let open = (0..<partitions).filter { positions[$0] < logs[$0].count }
                let p = open.randomElement(using: &generator)!
                merged.append((p, positions[p]))
                positions[p] += 1
            }
            result.append(("random, seed \(seed)", merged))
        }
        return result
    }

    /// Applies the events in `order` to `model` in a fresh database, then hands the store to `body`.
    func applying<Model: ReadModel, Result>(
        _ model: Model, order: [(partition: Int, offset: Int)], _ body: (ReadModelStore) throws -> Result
    ) throws -> Result where Model.Registry == CartEventRegistry {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("interleaving-\(UUID().uuidString.prefix(8)).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try ReadModelStore(path: path, model: model)
        let logs = Self.logs
        try store.database.write { db in
            for (partition, offset) in order {
                let applied = AppliedEvent(
                    envelope: logs[partition][offset], partition: TopicPartition("cart-events", Int32(partition)), offset: Int64(offset),
                    followsGap: false)
                try model.apply(applied, in: db)
            }
        }
        return try body(store)
    }

    /// The model's checksum after applying the events in `order`.
    func checksum<Model: ReadModel>(_ model: Model, order: [(partition: Int, offset: Int)]) throws -> String
    where Model.Registry == CartEventRegistry {
        try applying(model, order: order) { try $0.checksum() }
    }

    @Test("fraud: every interleaving gives the same flags and tables")
    func fraud() throws {
        let interleavings = Self.interleavings
        #expect(Set(Self.events.map { Self.partition(of: $0.streamID) }).count == Self.partitions, "the carts spread over every partition")
        let henry = Set(Self.events.filter { $0.streamID.hasPrefix("cart-henry") }.map { Self.partition(of: $0.streamID) })
        #expect(henry.count > 1, "henry's carts are in several partitions")
        let reference = try checksum(FraudReadModel(), order: interleavings[0].order)
        for (name, order) in interleavings.dropFirst() {
            #expect(try checksum(FraudReadModel(), order: order) == reference, "\(name) differs from event-time order")
        }
    }

    @Test("email: every interleaving sends the same mail (reminders follow each partition's own event time)")
    func email() throws {
        let interleavings = Self.interleavings
        let model = EmailReadModel(reminderAfterSeconds: 3600, templates: try EmailTemplates())
        let reference = try checksum(model, order: interleavings[0].order)
        for (name, order) in interleavings.dropFirst() {
            #expect(try checksum(model, order: order) == reference, "\(name) differs from event-time order")
        }
    }

    @Test("billing: every interleaving gives the same invoices; only the gap-free numbers follow the order applied")
    func billing() throws {
        var invoices: [String: [String]] = [:]
        for (name, order) in Self.interleavings {
            try applying(BillingReadModel(), order: order) { store in
                try store.database.read { db in
                    invoices[name] = try String.fetchAll(
                        db,
                        sql: """
                            SELECT cart_id || ' ' || checkout_event_id || ' ' || customer_id || ' ' || currency || ' ' || subtotal_minor || ' '
                                   || tax_minor || ' ' || total_minor || ' ' || issued_at_ms FROM invoices ORDER BY cart_id
                            """)
                    let numbers = try Int64.fetchAll(db, sql: "SELECT number FROM invoices ORDER BY number")
                    #expect(numbers == Array(1...Int64(numbers.count)), "\(name): numbers are gap-free from 1: \(numbers)")
                }
            }
        }
        let reference = try #require(invoices["event time"])
        #expect(reference.count >= 8, "\(reference)")
        for (name, rows) in invoices { #expect(rows == reference, "\(name) invoices differ from event-time order") }
    }

    @Test("fraud: a customer's checkouts from several partitions are flagged whatever arrives first")
    func lateWindowsAreEvaluated() throws {
        for (name, order) in Self.interleavings {
            let flags = try applying(FraudReadModel(), order: order) { store in
                try store.database.read { try FraudQueries.customerRisk("henry", in: $0)?.flags.map(\.flag) ?? [] }
            }
            #expect(Set(flags).isSuperset(of: ["too_many_checkouts", "too_many_carts"]), "\(name): \(flags)")
        }
    }
}
