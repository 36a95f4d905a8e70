import Foundation
import HTTPTypes
import HummingbirdTesting
import Kafka
import NIOCore
import Testing

@testable import CartServiceCore

@Suite("Cart service restarts, ownership and outages", .serialized)
struct CartServiceResilienceTests {
    @Test("a restarted service rebuilds every cart from the topic; versions continue without gaps")
    func restartRebuildsFromTopic() async throws {
        let harness = try CartServiceHarness()
        let carts = (0..<6).map { "cart-r\($0)" }
        let before = Mutex_<String>([:])
        try await harness.withService(instance: "first") { client in
            for (index, cart) in carts.enumerated() {
                try await client.createCart(cart, customer: "c\(index)")
                for item in 0..<(index % 3 + 1) { try await client.addItem(cart, sku: "S-\(item)", quantity: index + 1) }
            }
            for cart in carts {
                let body = try await client.execute(uri: "/carts/\(cart)", method: .get) { String(buffer: $0.body) }
                before.set(cart, body)
            }
        }
        try await harness.withService(instance: "second") { client in
            for cart in carts {
                let body = try await client.execute(uri: "/carts/\(cart)", method: .get) { String(buffer: $0.body) }
                #expect(body == before.get(cart), "\(cart) differs after restart")
            }
            #expect(try await retryingWhileUnavailable { try await client.addItem("cart-r0", sku: "NEW-1") } == .ok)
            try await client.execute(uri: "/carts/cart-r0/events", method: .get) { response in
                let history = try object(response)
                let sequences = (history["events"] as? [[String: Any]] ?? []).compactMap { $0["sequence"] as? Int }
                #expect(sequences == [1, 2, 3], "gap-free sequences continuing after the restart: \(sequences)")
            }
        }
    }

    @Test("two instances split the partitions; each cart is written by exactly one of them")
    func twoInstancesShareOwnership() async throws {
        let harness = try CartServiceHarness(partitions: 4)
        let appA = try await harness.makeApp(instance: "a")
        let appB = try await harness.makeApp(instance: "b")
        try await appA.test(.router) { clientA in
            try await waitUntilReady(clientA)
            try await appB.test(.router) { clientB in
                // Wait until the group has spread the partitions over both instances.
                let deadline = ContinuousClock.now + .seconds(40)
                var split = false
                while ContinuousClock.now < deadline && !split {
                    let a = try await ownedPartitions(clientA)
                    let b = try await ownedPartitions(clientB)
                    split = !a.isEmpty && !b.isEmpty && a.isDisjoint(with: b) && a.union(b).count == 4
                    if !split { try await Task.sleep(for: .milliseconds(200)) }
                }
                #expect(split, "partitions were not split between the instances")
                try await waitUntilReady(clientA)
                try await waitUntilReady(clientB)
                var accepted = 0
                for index in 0..<12 {
                    let cart = "cart-own-\(index)"
                    let body = json(#"{"cartId":"\#(cart)","customerId":"c","customerEmail":"c@example.com","currency":"EUR"}"#)
                    let statusA = try await clientA.execute(uri: "/carts", method: .post, headers: jsonHeaders, body: body) { $0.status }
                    let statusB = try await clientB.execute(uri: "/carts", method: .post, headers: jsonHeaders, body: body) { $0.status }
                    let statuses = [statusA, statusB]
                    #expect(statuses.filter { $0 == .created }.count == 1, "\(cart): \(statuses)")
                    #expect(statuses.contains(.serviceUnavailable) || statuses.contains(.conflict), "\(cart): \(statuses)")
                    if statuses.contains(.created) { accepted += 1 }
                }
                #expect(accepted == 12)
            }
        }
        let records = try await harness.readTopic(expecting: 12)
        #expect(records.count == 12, "exactly one cart.created per cart")
    }

    @Test("brokers down: commands fail with 503 and Retry-After; afterwards they succeed; nothing acknowledged is missing or doubled")
    func brokerOutage() async throws {
        var harness = try CartServiceHarness(partitions: 2, brokers: 1)
        // Short, so the outage (one command timeout) stays well inside the group's session timeout.
        harness.configuration.commandTimeout = .seconds(3)
        let cluster = harness.cluster
        let acknowledged = Mutex_<String>([:])
        try await harness.withService { [harness] client in
            for index in 0..<4 {
                try await client.createCart("cart-o\(index)")
                acknowledged.set("cart-o\(index)-1", "created")
            }
            try cluster.setAllBrokersDown()
            // Concurrently, so the outage stays shorter than the group's session timeout.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<4 {
                    group.addTask {
                        try await client.execute(
                            uri: "/carts/cart-o\(index)/items", method: .post, headers: jsonHeaders,
                            body: json(#"{"sku":"DOWN-1","name":"n","unitPriceMinor":1,"quantity":1}"#)
                        ) { response in
                            #expect(response.status == .serviceUnavailable, "\(String(buffer: response.body))")
                            #expect(response.headers[.retryAfter] != nil)
                        }
                    }
                }
                try await group.waitForAll()
            }
            try cluster.setAllBrokersUp()
            // Commands succeed again once the partitions recovered (bounded retries, as a client would).
            for index in 0..<4 {
                var status = HTTPResponse.Status.serviceUnavailable
                let deadline = ContinuousClock.now + .seconds(40)
                while status == .serviceUnavailable && ContinuousClock.now < deadline {
                    status = try await client.addItem("cart-o\(index)", sku: "UP-1")
                    if status == .serviceUnavailable { try await Task.sleep(for: .milliseconds(250)) }
                }
                #expect(status == .ok)
                if status == .ok { acknowledged.set("cart-o\(index)-2", "UP-1") }
            }
        }
        let records = try await harness.readTopic(expecting: 8)
        var seen: [String: Int] = [:]
        for record in records {
            let cart = record.keyString ?? ""
            let sequence = record.headers.string("cartstream_sequence") ?? "?"
            seen["\(cart)-\(sequence)", default: 0] += 1
            #expect(!String(decoding: record.value, as: UTF8.self).contains("DOWN-1"), "a command answered 503 must not appear")
        }
        for key in acknowledged.all().keys { #expect(seen[key] == 1, "\(key) seen \(seen[key] ?? 0) times") }
        #expect(records.count == 8)
    }
}

/// Partitions an instance reports as owned in `/health/ready`.
func ownedPartitions(_ client: some TestClientProtocol) async throws -> Set<Int> {
    try await client.execute(uri: "/health/ready", method: .get) { response in
        let report = try object(response)
        let components = report["components"] as? [String: [String: Any]] ?? [:]
        let detail = components["ownership"]?["detail"] as? String ?? ""
        guard let open = detail.firstIndex(of: "["), let close = detail.firstIndex(of: "]") else { return [] }
        return Set(
            detail[detail.index(after: open)..<close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) })
    }
}

/// A tiny thread-safe dictionary for test bookkeeping across `@Sendable` closures.
final class Mutex_<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value]
    init(_ values: [String: Value]) { self.values = values }
    func set(_ key: String, _ value: Value) { lock.withLock { values[key] = value } }
    func get(_ key: String) -> Value? { lock.withLock { values[key] } }
    func all() -> [String: Value] { lock.withLock { values } }
}
