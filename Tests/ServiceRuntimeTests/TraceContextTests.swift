import ServiceRuntime
import Testing

@Suite("W3C trace context")
struct TraceContextTests {
    @Test("parses a valid traceparent and continues it with a new span of the same trace")
    func continues() throws {
        let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let parsed = try #require(TraceContext(traceparent: incoming))
        #expect(parsed.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(parsed.spanID == "00f067aa0ba902b7")
        let child = TraceContext.continuing(incoming)
        #expect(child.traceID == parsed.traceID)
        #expect(child.spanID != parsed.spanID)
        #expect(TraceContext(traceparent: child.traceparent) == child)
    }

    @Test(
        "rejects malformed values and starts a new trace instead",
        arguments: [
            "", "garbage", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-zzf067aa0ba902b7-01",
        ])
    func rejectsMalformed(value: String) {
        #expect(TraceContext(traceparent: value) == nil)
        let fresh = TraceContext.continuing(value)
        #expect(fresh.traceID.count == 32 && fresh.spanID.count == 16)
        #expect(TraceContext(traceparent: fresh.traceparent) != nil)
    }
}
