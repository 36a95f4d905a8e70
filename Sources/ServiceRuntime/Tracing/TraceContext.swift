import Foundation

/// A W3C Trace Context (`traceparent`): carried from the HTTP request into every Kafka record
/// header and continued by each consumer, so one cart command can be followed through all
/// four services' logs (`trace.id`).
public struct TraceContext: Sendable, Hashable, CustomStringConvertible {
    /// 32 lower-case hex digits shared by every span of one trace.
    public var traceID: String
    /// 16 lower-case hex digits identifying this span.
    public var spanID: String
    /// Trace flags (`01` = sampled).
    public var flags: String

    /// Parses a `traceparent` header (`00-<trace id>-<span id>-<flags>`); `nil` when malformed.
    /// - Parameter traceparent: the header value.
    public init?(traceparent: String) {
        let parts = traceparent.trimmingCharacters(in: .whitespaces).split(separator: "-")
        guard parts.count == 4, parts[0] == "00", parts[1].count == 32, parts[2].count == 16, parts[3].count == 2,
            parts[1].allSatisfy(\.isHexDigit), parts[2].allSatisfy(\.isHexDigit),
            parts[1] != String(repeating: "0", count: 32), parts[2] != String(repeating: "0", count: 16)
        else { return nil }
        traceID = parts[1].lowercased()
        spanID = parts[2].lowercased()
        flags = String(parts[3])
    }

    private init(traceID: String, spanID: String, flags: String) {
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
    }

    /// A new trace (a root span).
    public static func newTrace() -> TraceContext {
        TraceContext(traceID: randomHex(16), spanID: randomHex(8), flags: "01")
    }

    /// A child span of this one: same trace, new span id.
    public func child() -> TraceContext {
        TraceContext(traceID: traceID, spanID: Self.randomHex(8), flags: flags)
    }

    /// The `traceparent` header value.
    public var traceparent: String { "00-\(traceID)-\(spanID)-\(flags)" }

    public var description: String { traceparent }

    /// Continues `traceparent` if valid, else starts a new trace.
    /// - Parameter traceparent: an incoming header value, if any.
    public static func continuing(_ traceparent: String?) -> TraceContext {
        traceparent.flatMap(TraceContext.init(traceparent:))?.child() ?? newTrace()
    }

    private static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte, radix: 16).leftPadded(to: 2)
        }.joined()
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
