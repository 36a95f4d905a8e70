import EventSourcing
import Testing

@Suite struct JSONValueTests {
    @Test(arguments: [
        ("9223372036854775807", JSONValue.integer(.max)),
        ("-9223372036854775808", .integer(.min)),
        ("0", .integer(0)),
        ("12.5", .double(12.5)),
        ("true", .bool(true)),
        ("null", .null),
        ("\"x\"", .string("x")),
        ("[1,\"a\",[]]", .array([.integer(1), .string("a"), .array([])])),
    ])
    func parsesExactly(json: String, expected: JSONValue) throws {
        #expect(try JSONValue(jsonBytes: Array(json.utf8)) == expected)
    }

    @Test func encodesWithSortedKeysAndRoundTrips() throws {
        let value = JSONValue.object(["zeta": .integer(1), "alpha": .object(["b": .null, "a": .bool(false)])])
        let text = String(decoding: value.jsonBytes(), as: UTF8.self)
        #expect(text == #"{"alpha":{"a":false,"b":null},"zeta":1}"#)
        #expect(try JSONValue(jsonBytes: value.jsonBytes()) == value)
    }

    @Test func subscriptsAndAccessors() {
        var value = JSONValue.object(["a": .string("x")])
        value["b"] = .integer(2)
        #expect(value["a"]?.stringValue == "x")
        #expect(value["b"]?.integerValue == 2)
        #expect(JSONValue.string("x")["a"] == nil)
    }

    @Test func rejectsInvalidJSON() {
        #expect(throws: (any Error).self) { try JSONValue(jsonBytes: Array("{".utf8)) }
    }
}
