import Hummingbird
import Testing

@testable import ServiceRuntime

/// The admin bearer token is compared in constant time, and only an exact match passes.
@Suite("Bearer token comparison")
struct BearerTokenTests {
    @Test("only the exact header passes: not a prefix, not a longer value, not one byte off")
    func exactMatchOnly() {
        let expected = "Bearer 3f1c9a7e-token"
        #expect(BearerTokenMiddleware<TestContext>.constantTimeEquals(expected, expected))
        for given in ["", "Bearer ", "Bearer 3f1c9a7e-toke", "Bearer 3f1c9a7e-tokenX", "Bearer 3f1c9a7e-tokeN", "bearer 3f1c9a7e-token"] {
            #expect(!BearerTokenMiddleware<TestContext>.constantTimeEquals(given, expected), "\(given.debugDescription)")
        }
        // A header of NUL bytes as long as the token is not mistaken for it either.
        #expect(!BearerTokenMiddleware<TestContext>.constantTimeEquals(String(repeating: "\0", count: expected.utf8.count), expected))
    }
}

typealias TestContext = BasicRequestContext
