import CartDomain
import EventSourcing
import Foundation
import Testing

@Suite struct CartEventCodecTests {
    let codec = CartEventCodec.cart

    @Test func roundTripsEveryEventType() throws {
        let envelopes = Sample.envelopes(Sample.everyEvent)
        for envelope in envelopes {
            let record = codec.encode(envelope)
            #expect(record.key == Sample.cartID)
            #expect(record.header("ce_type") == envelope.eventType)
            #expect(record.header("ce_source") == "/cartstream/cart-service")
            #expect(try codec.decode(record) == envelope)
        }
        #expect(Set(envelopes.map(\.eventType)) == Set(CartEvent.payloadTypes.map { $0.eventType }))
    }

    @Test func itemAddedValueUsesIntegerMinorUnits() {
        let record = codec.encode(Sample.envelopes([Sample.everyEvent[1]])[0])
        #expect(
            String(decoding: record.value, as: UTF8.self)
                == #"{"name":"Widget","quantity":5,"sku":"WIDGET-1","unitPrice":{"currency":"EUR","minorUnits":1234}}"#)
        #expect(record.header("cartstream_schema_version") == "2")
    }

    static func v1Record(price: String, currency: String) -> EncodedEvent {
        var record = CartEventCodec.cart.encode(Sample.envelopes([Sample.everyEvent[1]])[0])
        record.value = Array(#"{"currency":"\#(currency)","name":"Widget","price":"\#(price)","quantity":5,"sku":"WIDGET-1"}"#.utf8)
        record.headers.append(("cartstream_schema_version", "1"))
        return record
    }

    @Test(arguments: [("12.34", "EUR", Int64(1234)), ("12.3", "EUR", 1230), ("1500", "JPY", 1500), ("1.5", "KWD", 1500)])
    func upcastsItemAddedV1(price: String, currency: String, minor: Int64) throws {
        let decoded = try codec.decode(Self.v1Record(price: price, currency: currency))
        #expect(decoded.schemaVersion == 2)
        #expect(
            decoded.payload
                == .itemAdded(
                    CartItemAdded(
                        sku: "WIDGET-1", name: "Widget", unitPrice: Money(minorUnits: minor, currency: try Currency(code: currency)),
                        quantity: 5)))
    }

    @Test(arguments: [("12.345", "EUR"), ("1.5", "JPY"), ("-1.00", "EUR"), ("12.34", "EURO"), ("twelve", "EUR")])
    func rejectsBadV1Prices(price: String, currency: String) throws {
        let error = try #require(throws: EventDecodingError.self) { try codec.decode(Self.v1Record(price: price, currency: currency)) }
        #expect(error.reasonCode == "malformed_payload")
    }

    @Test func unknownCurrencyInPayloadIsMalformed() throws {
        var record = codec.encode(Sample.envelopes([Sample.everyEvent[0]])[0])
        record.value = Array(#"{"cartId":"c","currency":"ZZZ","customerEmail":"a@b.co","customerId":"x"}"#.utf8)
        let error = try #require(throws: EventDecodingError.self) { try codec.decode(record) }
        guard case .malformedPayload(let type, let reason) = error else {
            Issue.record("\(error)")
            return
        }
        #expect(type == "cart.created")
        #expect(reason.contains("ZZZ"))
    }

    @Test func missingFieldIsNamed() throws {
        var record = codec.encode(Sample.envelopes([Sample.everyEvent[2]])[0])
        record.value = Array(#"{"sku":"WIDGET-1","fromQuantity":5}"#.utf8)
        let error = try #require(throws: EventDecodingError.self) { try codec.decode(record) }
        #expect(error.description.contains("toQuantity"))
    }

    @Test func futureVersionAndUnknownTypeAreDeadLetterable() throws {
        var record = codec.encode(Sample.envelopes([Sample.everyEvent[0]])[0])
        record.headers.append(("cartstream_schema_version", "2"))
        #expect(throws: EventDecodingError.unsupportedSchemaVersion(eventType: "cart.created", version: 2)) { try codec.decode(record) }
        record.headers.append(("ce_type", "cart.coupon_applied"))
        #expect(throws: EventDecodingError.unknownEventType("cart.coupon_applied")) { try codec.decode(record) }
    }

    @Test func registryKnowsEveryTypeAndVersion() {
        #expect(
            CartEventRegistry.schemas.currentVersions == [
                "cart.created": 1, "cart.item_added": 2, "cart.item_quantity_changed": 1,
                "cart.item_removed": 1, "cart.checked_out": 1, "cart.abandoned": 1,
            ])
    }
}

/// Keeps the example values in docs/cart-events-topic.md true.
@Suite struct DocumentedExampleTests {
    @Test func seedStreamValuesMatchTheTopicDocument() throws {
        let (events, _) = try Sample.run([
            Sample.create, Sample.addWidgets,
            .changeItemQuantity(sku: "WIDGET-1", quantity: 6), Sample.checkout,
        ])
        let values = Sample.envelopes(events).map { String(decoding: CartEventCodec.cart.encode($0).value, as: UTF8.self) }
        let doc = try String(
            contentsOf: JSONSchemaValidator.schemaDirectory
                .deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("docs/cart-events-topic.md"), encoding: .utf8)
        #expect(values.count == 4)
        for (event, value) in zip(events, values) {
            #expect(doc.contains("\(event.eventType)") && doc.contains(value), "document lacks \(value)")
        }
    }
}
