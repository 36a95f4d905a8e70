/// Why a record could not be decoded into an event envelope.
///
/// The one error type of the `EventSourcing` module. A consumer cannot fix any
/// of these by retrying: it dead-letters the record, putting ``reasonCode`` and
/// ``description`` into headers of the dead-letter record.
public enum EventDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A required header is absent.
    case missingHeader(String)
    /// A header is present but its value is not acceptable.
    case malformedHeader(name: String, value: String)
    /// No event type of that name is registered.
    case unknownEventType(String)
    /// The version is newer than the current one, below 1, or cannot be upcast.
    case unsupportedSchemaVersion(eventType: String, version: Int)
    /// The value is not valid JSON for the event type's schema.
    case malformedPayload(eventType: String, reason: String)

    /// A short, stable, machine-readable code, e.g. `unknown_event_type`.
    public var reasonCode: String {
        switch self {
        case .missingHeader: "missing_header"
        case .malformedHeader: "malformed_header"
        case .unknownEventType: "unknown_event_type"
        case .unsupportedSchemaVersion: "unsupported_schema_version"
        case .malformedPayload: "malformed_payload"
        }
    }

    /// A readable explanation.
    public var description: String {
        switch self {
        case .missingHeader(let name):
            "required header '\(name)' is missing"
        case .malformedHeader(let name, let value):
            "header '\(name)' has an invalid value '\(value)'"
        case .unknownEventType(let type):
            "event type '\(type)' is not known to this consumer"
        case .unsupportedSchemaVersion(let type, let version):
            "schema version \(version) of '\(type)' is not supported by this consumer"
        case .malformedPayload(let type, let reason):
            "payload of '\(type)' is malformed: \(reason)"
        }
    }
}
