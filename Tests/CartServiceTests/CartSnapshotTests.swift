import Foundation
import HTTPTypes
import HummingbirdTesting
import Kafka
import NIOCore
import Testing

@testable import CartServiceCore

@Suite("Cart service snapshots", .serialized)
struct CartSnapshotTests {
    /// The `snapshots` health detail of a running service.
    func snapshotDetail(_ client: some TestClientProtocol) async throws -> String {
        try await client.execute(uri: "/health/ready", method: .get) { response in
            let report = try object(response)
            return ((report["components"] as? [String: [String: Any]])?["snapshots"]?["detail"] as? String) ?? ""
        }
    }

    @Test("a restart continues from verified snapshots; history and time travel stay complete")
    func restartFromSnapshot() async throws {
        var harness = try CartServiceHarness(partitions: 2)
        harness.configuration.snapshotEvery = 3
        let carts = ["snap-a", "snap-b", "snap-c", "snap-d"]
        let before = Mutex_<String>([:])
        try await harness.withService(instance: "first") { client in
            #expect(try await snapshotDetail(client) == "none usable")
            for cart in carts {
                try await client.createCart(cart)
                for sku in ["A-1", "B-2", "C-3"] { try await client.addItem(cart, sku: sku) }
            }
            // Snapshots are written in the background after every third event of a partition.
            try await Task.sleep(for: .seconds(2))
            for cart in carts {
                before.set(cart, try await client.execute(uri: "/carts/\(cart)", method: .get) { String(buffer: $0.body) })
            }
        }
        try await harness.withService(instance: "second") { client in
            let detail = try await snapshotDetail(client)
            #expect(detail.hasPrefix("verified snapshots for partitions"), "\(detail)")
            for cart in carts {
                let body = try await client.execute(uri: "/carts/\(cart)", method: .get) { String(buffer: $0.body) }
                #expect(body == before.get(cart), "\(cart)")
                try await client.execute(uri: "/carts/\(cart)/events", method: .get) { response in
                    let events = try object(response)["events"] as? [[String: Any]] ?? []
                    #expect(events.compactMap { $0["sequence"] as? Int } == [1, 2, 3, 4], "\(cart) history after restore")
                }
                try await client.execute(uri: "/carts/\(cart)?version=2", method: .get) { response in
                    let items = try object(response)["items"] as? [[String: Any]] ?? []
                    #expect(items.count == 1)
                }
            }
            #expect(try await client.addItem("snap-a", sku: "D-4") == .ok)
            try await client.execute(uri: "/carts/snap-a", method: .get) { #expect($0.headers[.eTag] == "\"5\"") }
        }
    }

    @Test("a snapshot that does not match the topic is ignored loudly, and the partition is rebuilt from the log")
    func mismatchedSnapshotIsIgnored() async throws {
        var harness = try CartServiceHarness(partitions: 1)
        harness.configuration.snapshotEvery = 0
        try await harness.withService(instance: "first") { client in
            try await client.createCart("mm-a")
            try await client.addItem("mm-a", sku: "A-1")
        }
        // A snapshot claiming a different record before its offset (as after a recreated topic).
        let bogus = """
            {"formatVersion":1,"topic":"\(harness.configuration.topic)","partition":0,"nextOffset":2,"fingerprint":"not-the-record",
             "takenAt":0,"carts":[],"idempotencyKeys":{}}
            """
        let producer = try KafkaProducer(configuration: .init(client: harness.cluster.clientConfiguration()), logger: harness.logger)
        _ = try await producer.send(
            KafkaProducerRecord(topic: "\(harness.configuration.topic).snapshots", key: "partition-0", value: bogus))
        await producer.close()
        harness.configuration.snapshotEvery = 3
        try await harness.withService(instance: "second") { client in
            #expect(try await snapshotDetail(client) == "none usable")
            try await client.execute(uri: "/carts/mm-a", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"2\"", "rebuilt from the log, not from the empty bogus snapshot")
            }
        }
    }
}
