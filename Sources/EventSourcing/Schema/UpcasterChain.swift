/// The registered current schema version of every event type, and the
/// upcasters that bring older versions up to it.
public struct UpcasterChain: Sendable {
    /// The current (newest) schema version per event type.
    public let currentVersions: [String: Int]
    private let steps: [String: [Int: Upcaster]]

    /// Creates a chain.
    /// - Parameters:
    ///   - currentVersions: the current version of every known event type.
    ///   - upcasters: the upcasters; at most one per (event type, from version).
    public init(currentVersions: [String: Int], upcasters: [Upcaster] = []) {
        self.currentVersions = currentVersions
        var steps: [String: [Int: Upcaster]] = [:]
        for u in upcasters {
            precondition(
                steps[u.eventType]?[u.fromVersion] == nil,
                "two upcasters for \(u.eventType) v\(u.fromVersion)")
            steps[u.eventType, default: [:]][u.fromVersion] = u
        }
        self.steps = steps
    }

    /// The current version of `eventType`, `nil` if the type is unknown.
    /// - Parameter eventType: the event type.
    public func currentVersion(of eventType: String) -> Int? {
        currentVersions[eventType]
    }

    /// Upcasts a payload to the current version of its type.
    /// - Parameters:
    ///   - payload: the stored payload.
    ///   - eventType: its event type.
    ///   - version: its stored schema version.
    /// - Returns: the payload in the current version and that version.
    /// - Throws: `unknownEventType` for unregistered types,
    ///   `unsupportedSchemaVersion` for versions below 1, above the current one
    ///   or without an upcaster path, `malformedPayload` when an upcaster fails.
    public func upcast(
        _ payload: JSONValue, eventType: String, from version: Int
    ) throws(EventDecodingError) -> (payload: JSONValue, version: Int) {
        guard let current = currentVersions[eventType] else {
            throw .unknownEventType(eventType)
        }
        guard version >= 1, version <= current else {
            throw .unsupportedSchemaVersion(eventType: eventType, version: version)
        }
        var payload = payload
        var v = version
        while v < current {
            guard let step = steps[eventType]?[v] else {
                throw .unsupportedSchemaVersion(eventType: eventType, version: version)
            }
            do {
                payload = try step.upcast(payload)
            } catch {
                throw .malformedPayload(
                    eventType: eventType, reason: "upcasting from v\(v) failed: \(error)")
            }
            v += 1
        }
        return (payload, v)
    }
}
