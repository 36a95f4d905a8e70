import EventSourcing
import Testing

@Suite struct UpcasterChainTests {
    /// `thing.happened`: v1 `{n}` → v2 `{count}` → v3 `{count, unit}`.
    static let chain = UpcasterChain(
        currentVersions: ["thing.happened": 3, "other.thing": 1],
        upcasters: [
            Upcaster(eventType: "thing.happened", fromVersion: 1) { v1 in
                guard let n = v1["n"] else { throw OrderError(reason: "no n") }
                return .object(["count": n])
            },
            Upcaster(eventType: "thing.happened", fromVersion: 2) { v2 in
                var v3 = v2
                v3["unit"] = .string("pcs")
                return v3
            },
        ])

    @Test(arguments: [1, 2, 3])
    func upcastsEveryOldVersionToCurrent(from version: Int) throws {
        let stored: JSONValue =
            switch version {
            case 1: .object(["n": .integer(7)])
            case 2: .object(["count": .integer(7)])
            default: .object(["count": .integer(7), "unit": .string("pcs")])
            }
        let result = try Self.chain.upcast(stored, eventType: "thing.happened", from: version)
        #expect(result.version == 3)
        #expect(result.payload == .object(["count": .integer(7), "unit": .string("pcs")]))
    }

    @Test(arguments: [0, 4, 99])
    func rejectsVersionsOutsideOneToCurrent(version: Int) {
        #expect(throws: EventDecodingError.unsupportedSchemaVersion(eventType: "thing.happened", version: version)) {
            try Self.chain.upcast(.object([:]), eventType: "thing.happened", from: version)
        }
    }

    @Test func missingStepIsUnsupported() {
        let gappy = UpcasterChain(
            currentVersions: ["x": 3],
            upcasters: [
                Upcaster(eventType: "x", fromVersion: 2) { $0 }
            ])
        #expect(throws: EventDecodingError.unsupportedSchemaVersion(eventType: "x", version: 1)) {
            try gappy.upcast(.null, eventType: "x", from: 1)
        }
        #expect(throws: Never.self) { try gappy.upcast(.null, eventType: "x", from: 2) }
    }

    @Test func failingUpcasterIsMalformedPayload() throws {
        let error = try #require(throws: EventDecodingError.self) {
            try Self.chain.upcast(.object(["wrong": .null]), eventType: "thing.happened", from: 1)
        }
        #expect(error.reasonCode == "malformed_payload")
    }

    @Test func unknownTypeIsReported() {
        #expect(throws: EventDecodingError.unknownEventType("nope")) {
            try Self.chain.upcast(.null, eventType: "nope", from: 1)
        }
    }
}
