import EventSourcing
import Foundation
import Testing

@Suite struct EventCodecTests {
    let codec = EventCodec<OrderRegistry>(source: "/cartstream/test")
    static let correlation = UUID(uuidString: "11111111-2222-3333-4444-555555555555")!

    @Test func roundTripsEveryEnvelope() throws {
        for envelope in Seed.bobsEvents {
            #expect(try codec.decode(codec.encode(envelope)) == envelope)
        }
        let withIDs = Seed.envelope(
            .modifyOrder(quantity: 6), sequence: 2,
            correlationID: Self.correlation, causationID: Seed.newOrderID)
        #expect(try codec.decode(codec.encode(withIDs)) == withIDs)
    }

    @Test func writesCloudEventsBinaryModeHeadersInOrder() {
        let record = codec.encode(
            Seed.envelope(
                .modifyOrder(quantity: 6), sequence: 2, id: Seed.modifyOrderID,
                correlationID: Self.correlation, causationID: Seed.newOrderID))
        #expect(record.key == Seed.orderID)
        #expect(String(decoding: record.value, as: UTF8.self) == #"{"quantity":6}"#)
        #expect(record.timestampMilliseconds == 1_767_225_602_123)
        #expect(
            record.headers.map(\.name) == [
                "ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject", "content-type",
                "cartstream_sequence", "cartstream_schema_version", "cartstream_correlation_id",
                "cartstream_causation_id", "cartstream_actor",
            ])
        #expect(record.header("ce_specversion") == "1.0")
        #expect(record.header("ce_id") == "00000000-0000-0000-0000-000000000322")
        #expect(record.header("ce_source") == "/cartstream/test")
        #expect(record.header("ce_type") == "order.modified")
        #expect(record.header("ce_time") == "2026-01-01T00:00:02.123Z")
        #expect(record.header("ce_subject") == Seed.orderID)
        #expect(record.header("content-type") == "application/json")
        #expect(record.header("cartstream_sequence") == "2")
        #expect(record.header("cartstream_schema_version") == "1")
        #expect(record.header("cartstream_correlation_id") == "11111111-2222-3333-4444-555555555555")
        #expect(record.header("cartstream_actor") == "customer:bob")
    }

    @Test func omitsAbsentCorrelationAndCausation() {
        let record = codec.encode(Seed.bobsEvents[0])
        #expect(record.header("cartstream_correlation_id") == nil)
        #expect(record.header("cartstream_causation_id") == nil)
    }

    @Test func valueIsDeterministicWithSortedKeys() {
        let record = codec.encode(Seed.bobsEvents[0])
        #expect(String(decoding: record.value, as: UTF8.self) == #"{"product":"widget","quantity":5}"#)
    }

    @Test func upcastsOldVersionOnDecode() throws {
        var record = codec.encode(Seed.bobsEvents[0])
        record.value = Array(#"{"product":"widget","qty":5}"#.utf8)
        record.headers = record.headers.map { $0.name == "cartstream_schema_version" ? ($0.name, "1") : $0 }
        let decoded = try codec.decode(record)
        #expect(decoded.payload == .newOrder(product: "widget", quantity: 5))
        #expect(decoded.schemaVersion == 2)
    }

    @Test(arguments: [
        "ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject",
        "cartstream_sequence", "cartstream_schema_version", "cartstream_actor",
    ])
    func missingRequiredHeader(name: String) {
        var record = codec.encode(Seed.bobsEvents[0])
        record.headers.removeAll { $0.name == name }
        #expect(throws: EventDecodingError.missingHeader(name)) { try codec.decode(record) }
    }

    @Test(arguments: [
        ("ce_specversion", "0.3"), ("ce_id", "not-a-uuid"), ("ce_time", "yesterday"),
        ("ce_subject", ""), ("cartstream_sequence", "0"), ("cartstream_sequence", "x"),
        ("cartstream_schema_version", "two"), ("cartstream_correlation_id", "zzz"),
        ("cartstream_causation_id", "123"), ("content-type", "application/avro"),
    ])
    func malformedHeader(name: String, value: String) {
        var record = codec.encode(Seed.bobsEvents[0])
        record.headers.append((name, value))  // the last occurrence wins
        #expect(throws: EventDecodingError.malformedHeader(name: name, value: value)) { try codec.decode(record) }
    }

    @Test func unknownEventType() {
        var record = codec.encode(Seed.bobsEvents[0])
        record.headers.append(("ce_type", "order.shipped"))
        #expect(throws: EventDecodingError.unknownEventType("order.shipped")) { try codec.decode(record) }
    }

    @Test func newerSchemaVersionIsUnsupported() {
        var record = codec.encode(Seed.bobsEvents[0])
        record.headers.append(("cartstream_schema_version", "3"))
        #expect(throws: EventDecodingError.unsupportedSchemaVersion(eventType: "order.created", version: 3)) {
            try codec.decode(record)
        }
    }

    @Test(arguments: [#"{"product":"widget""#, #"{"product":"widget"}"#, #"{"product":1,"quantity":5}"#, "[]"])
    func malformedPayload(value: String) throws {
        var record = codec.encode(Seed.bobsEvents[0])
        record.value = Array(value.utf8)
        let error = try #require(throws: EventDecodingError.self) { try codec.decode(record) }
        guard case .malformedPayload(let type, let reason) = error else {
            Issue.record("expected malformedPayload, got \(error)")
            return
        }
        #expect(type == "order.created")
        #expect(!reason.isEmpty)
    }

    @Test func reasonCodesAreStableAndDescriptionsReadable() {
        let cases: [(EventDecodingError, String)] = [
            (.missingHeader("ce_id"), "missing_header"),
            (.malformedHeader(name: "ce_id", value: "x"), "malformed_header"),
            (.unknownEventType("a.b"), "unknown_event_type"),
            (.unsupportedSchemaVersion(eventType: "a.b", version: 9), "unsupported_schema_version"),
            (.malformedPayload(eventType: "a.b", reason: "r"), "malformed_payload"),
        ]
        for (error, code) in cases {
            #expect(error.reasonCode == code)
            #expect(error.description.count > 10)
        }
        #expect(EventDecodingError.missingHeader("ce_id").description.contains("ce_id"))
    }
}
