import CartDomain
import ConsumerRuntime
import EventSourcing
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Kafka
import KafkaEventStore
import NIOFoundationCompat
import ServiceRuntime
import Testing

/// The cart registry of a consumer deployed before a fix: it cannot decode checkouts and
/// quantity changes (so it dead-letters them).
enum RegistryBeforeTheFix: EventRegistry {
    static let rejected: Set<String> = [CartCheckedOut.eventType, CartItemQuantityChanged.eventType]
    static var schemas: UpcasterChain { CartEventRegistry.schemas }
    static func eventType(of event: CartEvent) -> String { CartEventRegistry.eventType(of: event) }
    static func payload(of event: CartEvent) -> JSONValue { CartEventRegistry.payload(of: event) }
    static func event(from payload: JSONValue, eventType: String) throws -> CartEvent {
        if rejected.contains(eventType) { throw EventDecodingError.unknownEventType(eventType) }
        return try CartEventRegistry.event(from: payload, eventType: eventType)
    }
}

/// A read model that records every event applied to it, so "applied exactly once" can be counted.
struct AppliedEventsModel<Registry: EventRegistry>: ReadModel where Registry.Event == CartEvent {
    func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("applied-events-v1") { db in
            try db.create(table: "applied_events") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("event_id", .text).notNull()
                t.column("stream_id", .text).notNull()
                t.column("sequence", .integer).notNull()
                t.column("type", .text).notNull()
            }
        }
    }

    func apply(_ event: AppliedEvent<CartEvent>, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO applied_events (event_id, stream_id, sequence, type) VALUES (?, ?, ?, ?)",
            arguments: [event.envelope.eventID.uuidString, event.envelope.streamID, event.envelope.sequence, event.envelope.eventType])
    }

    var checksumQueries: [String] { ["SELECT event_id, stream_id, sequence, type FROM applied_events ORDER BY event_id"] }
}

@Suite("Dead-letter re-drive", .serialized)
struct DeadLetterRedriveTests {
    @Test("records dead-lettered before a fix are re-driven through POST /admin/dlq/redrive and applied exactly once; others are refused")
    func redriveAfterAFix() async throws {
        let bed = try TestBed()
        defer { bed.removeFiles() }
        let envelopes = CartScript.sample.envelopes
        let reports = try await bed.produce(envelopes)
        let producer = try bed.producer()
        var poison = KafkaProducerRecord(CartEventCodec.cart.encode(envelopes[0]), topic: bed.topic)
        poison.key = Array("cart-poison".utf8)
        poison.value = Array("{not json".utf8)
        let poisonReport = try await producer.send(poison)
        await producer.close()
        let configuration = bed.configuration(service: "test-service", database: "redrive.sqlite")

        // The consumer before the fix dead-letters checkouts, quantity changes and the poison record.
        let before = RunningConsumer(
            try ConsumerRuntime(
                configuration: configuration, model: AppliedEventsModel<RegistryBeforeTheFix>(),
                codec: EventCodec<RegistryBeforeTheFix>(source: "test"),
                health: .init(), logger: bed.logger))
        try await before.waitUntilCaughtUp(bed)
        await before.stop()
        let rejected = envelopes.indices.filter { RegistryBeforeTheFix.rejected.contains(envelopes[$0].eventType) }
        #expect(rejected.count == 10)
        let letters = try await bed.deadLetters(count: rejected.count + 1)
        #expect(letters.count == rejected.count + 1)

        // The fix is deployed: the same database, a codec that decodes every cart event.
        let runtime = try ConsumerRuntime(
            configuration: configuration, model: AppliedEventsModel<CartEventRegistry>(), codec: CartEventCodec.cart, health: .init(),
            logger: bed.logger)
        let running = RunningConsumer(runtime)
        try await running.waitUntilCaughtUp(bed)
        let store = runtime.store
        @Sendable func appliedCount() throws -> Int64? { try scalar(store, "SELECT COUNT(*) FROM applied_events") }
        let carolSQL = "SELECT last_sequence FROM consumer_stream_sequences WHERE stream_id = 'cart-carol-1'"
        #expect(try appliedCount() == Int64(envelopes.count - rejected.count))
        let carolBefore = try scalar(store, carolSQL)
        #expect(carolBefore == 8, "carol's item removal (8) moved her stream past the dead-lettered quantity changes (4…7)")

        func source(_ report: DeliveryReport) -> RedriveRequest.SourceRecord {
            RedriveRequest.SourceRecord(topic: report.topic, partition: report.partition, offset: report.offset)
        }
        let normal = source(reports[0])
        let missing = RedriveRequest.SourceRecord(topic: bed.topic, partition: 0, offset: 99_999)
        let request = RedriveRequest(records: rejected.map { source(reports[$0]) } + [source(poisonReport), normal, missing])

        let router = Router()
        ConsumerAdminRoutes.add(to: router, runtime: runtime)
        let app = Application(router: router)
        try await app.test(.router) { client in
            func redrive(token: String = "secret") async throws -> (HTTPResponse.Status, RedriveResponse?) {
                try await client.execute(
                    uri: "/admin/dlq/redrive", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: ByteBuffer(data: try JSONEncoder().encode(request))
                ) { response in
                    (response.status, try? JSONDecoder().decode(RedriveResponse.self, from: Data(buffer: response.body)))
                }
            }
            let (refused, _) = try await redrive(token: "nope")
            #expect(refused == .unauthorized)
            #expect(try appliedCount() == Int64(envelopes.count - rejected.count), "a refused call applies nothing")

            let (status, first) = try await redrive()
            #expect(status == .ok)
            let results = try #require(first?.results)
            #expect(first?.service == "test-service")
            #expect(results.count == request.records.count)
            #expect(results.prefix(rejected.count).allSatisfy { $0.outcome == .applied }, "\(results)")
            let poisonResult = results[rejected.count]
            #expect(poisonResult.outcome == .stillUndecodable && poisonResult.reason == "malformed_payload", "\(poisonResult)")
            #expect(results[rejected.count + 1].outcome == .notDeadLettered, "a record consumed normally is never applied twice")
            #expect(results[rejected.count + 2].outcome == .notFound)

            #expect(try appliedCount() == Int64(envelopes.count), "every event is now in the model")
            let duplicates = try scalar(
                store, "SELECT COUNT(*) FROM (SELECT event_id FROM applied_events GROUP BY event_id HAVING COUNT(*) > 1)")
            #expect(duplicates == 0)
            let carolAfter = try scalar(store, carolSQL)
            #expect(
                carolAfter == 9, "the re-driven checkout (9) is carol's newest event; the older quantity changes were applied, not skipped")
            let checksum = try runtime.store.checksum()

            let (_, second) = try await redrive()
            let again = try #require(second?.results)
            #expect(again.prefix(rejected.count).allSatisfy { $0.outcome == .alreadyRedriven }, "\(again)")
            #expect(again[rejected.count].outcome == .stillUndecodable)
            #expect(try appliedCount() == Int64(envelopes.count), "a second re-drive applies nothing")
            #expect(try runtime.store.checksum() == checksum)

            let bad = try await client.execute(
                uri: "/admin/dlq/redrive", method: .post, headers: [.authorization: "Bearer secret", .contentType: "application/json"],
                body: ByteBuffer(string: "{\"records\": 3}")
            ) { $0.status }
            #expect(bad == .badRequest)
        }
        await running.stop()
    }
}

/// One value of a query, read synchronously.
private func scalar(_ store: ReadModelStore, _ sql: String) throws -> Int64? {
    try store.database.read { db in try Int64.fetchOne(db, sql: sql) }
}
