import CartDomain
import EventSourcing
import Foundation
import Testing

/// Every event the Swift code writes must be accepted by its committed JSON
/// Schema; downstream teams in other languages validate against the same files.
@Suite struct CartEventSchemaTests {
    static let codec = CartEventCodec.cart

    static func document(_ event: CartEvent) -> (name: String, schema: URL, json: [UInt8]) {
        let record = codec.encode(Sample.envelopes([event])[0])
        return (
            "\(event.eventType) v\(event.schemaVersion)",
            JSONSchemaValidator.schemaURL(eventType: event.eventType, version: event.schemaVersion), record.value
        )
    }

    @Test func everySchemaFileExists() {
        for type in CartEvent.payloadTypes {
            for version in 1...type.schemaVersion {
                let url = JSONSchemaValidator.schemaURL(eventType: type.eventType, version: version)
                #expect(FileManager.default.fileExists(atPath: url.path), "missing \(url.path)")
            }
        }
    }

    @Test func everySwiftEventIsAcceptedByItsSchema() throws {
        var documents = Sample.everyEvent.map(Self.document)
        // The decider's own output too, not only hand-built samples.
        let (events, _) = try Sample.run([
            Sample.create, Sample.addWidgets, Sample.addGadget,
            .changeItemQuantity(sku: "WIDGET-1", quantity: 6),
            .removeItem(sku: "GADGET-7"), Sample.checkout,
        ])
        documents += events.map(Self.document)
        // And a stored v1 item_added against the v1 schema.
        documents.append(
            (
                "cart.item_added v1 (stored)",
                JSONSchemaValidator.schemaURL(eventType: "cart.item_added", version: 1),
                Array(#"{"currency":"EUR","name":"Widget","price":"12.34","quantity":5,"sku":"WIDGET-1"}"#.utf8)
            ))
        let verdicts = try JSONSchemaValidator.validate(documents)
        #expect(verdicts.count == documents.count)
        for verdict in verdicts {
            #expect(verdict.valid, "\(verdict.name) rejected by its schema: \(verdict.errors.joined(separator: "; "))")
        }
    }

    @Test func invalidDocumentsAreRejected() throws {
        let itemAddedV2 = JSONSchemaValidator.schemaURL(eventType: "cart.item_added", version: 2)
        let checkedOut = JSONSchemaValidator.schemaURL(eventType: "cart.checked_out", version: 1)
        let bad: [(name: String, schema: URL, json: [UInt8])] = [
            (
                "float price", itemAddedV2,
                Array(#"{"name":"W","quantity":5,"sku":"WIDGET-1","unitPrice":{"currency":"EUR","minorUnits":12.34}}"#.utf8)
            ),
            (
                "extra property", itemAddedV2,
                Array(#"{"name":"W","quantity":5,"sku":"WIDGET-1","unitPrice":{"currency":"EUR","minorUnits":1},"color":"red"}"#.utf8)
            ),
            (
                "quantity 1000", itemAddedV2,
                Array(#"{"name":"W","quantity":1000,"sku":"WIDGET-1","unitPrice":{"currency":"EUR","minorUnits":1}}"#.utf8)
            ),
            (
                "v1 shape against v2", itemAddedV2,
                Array(#"{"currency":"EUR","name":"Widget","price":"12.34","quantity":5,"sku":"WIDGET-1"}"#.utf8)
            ),
            (
                "missing address", checkedOut,
                Array(#"{"lines":[],"subtotal":{"currency":"EUR","minorUnits":0},"itemCount":1,"paymentReference":"p"}"#.utf8)
            ),
        ]
        let verdicts = try JSONSchemaValidator.validate(bad)
        #expect(verdicts.count == bad.count)
        for verdict in verdicts {
            #expect(!verdict.valid, "\(verdict.name) should have been rejected")
            #expect(!verdict.errors.isEmpty)
        }
    }
}
