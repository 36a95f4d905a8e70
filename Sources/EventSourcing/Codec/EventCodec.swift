import Foundation

/// Encodes envelopes into transport-neutral records (CloudEvents Kafka binary
/// mode) and decodes them back, upcasting old payload versions.
public struct EventCodec<Registry: EventRegistry>: Sendable {
    /// The `ce_source` written on every record.
    public let source: String

    /// Creates a codec.
    /// - Parameter source: the CloudEvents source, e.g. `/cartstream/cart-service`.
    public init(source: String) {
        self.source = source
    }

    /// Encodes an envelope: the payload becomes the value (sorted-key JSON),
    /// the metadata becomes headers, the stream id becomes the key.
    /// - Parameter envelope: the envelope to encode.
    public func encode(_ envelope: EventEnvelope<Registry.Event>) -> EncodedEvent {
        var headers: [(name: String, value: String)] = [
            (EventHeader.specVersion, EventHeader.specVersionValue),
            (EventHeader.id, envelope.eventID.uuidString.lowercased()),
            (EventHeader.source, source),
            (EventHeader.type, envelope.eventType),
            (EventHeader.time, RFC3339Timestamp.format(envelope.occurredAt)),
            (EventHeader.subject, envelope.streamID),
            (EventHeader.contentType, EventHeader.contentTypeValue),
            (EventHeader.sequence, String(envelope.sequence)),
            (EventHeader.schemaVersion, String(envelope.schemaVersion)),
        ]
        if let id = envelope.correlationID {
            headers.append((EventHeader.correlationID, id.uuidString.lowercased()))
        }
        if let id = envelope.causationID {
            headers.append((EventHeader.causationID, id.uuidString.lowercased()))
        }
        headers.append((EventHeader.actor, envelope.actor))
        return EncodedEvent(
            key: envelope.streamID,
            value: Registry.payload(of: envelope.payload).jsonBytes(),
            headers: headers,
            timestampMilliseconds: envelope.occurredAt.millisecondsSince1970
        )
    }

    /// Decodes a record into an envelope whose payload is in the current
    /// schema version (`schemaVersion` is the current version after upcasting).
    ///
    /// `ce_time` is authoritative for `occurredAt` (the record timestamp may be
    /// broker-assigned); `ce_subject` for `streamID`.
    /// - Parameter record: the record to decode.
    public func decode(_ record: EncodedEvent) throws(EventDecodingError) -> EventEnvelope<Registry.Event> {
        let specVersion = try required(EventHeader.specVersion, in: record)
        guard specVersion == EventHeader.specVersionValue else {
            throw .malformedHeader(name: EventHeader.specVersion, value: specVersion)
        }
        if let contentType = record.header(EventHeader.contentType),
            !contentType.lowercased().hasPrefix(EventHeader.contentTypeValue)
        {
            throw .malformedHeader(name: EventHeader.contentType, value: contentType)
        }
        let eventID = try uuid(EventHeader.id, required(EventHeader.id, in: record))
        _ = try required(EventHeader.source, in: record)
        let eventType = try required(EventHeader.type, in: record)
        let timeText = try required(EventHeader.time, in: record)
        guard let millis = RFC3339Timestamp.parseMilliseconds(timeText) else {
            throw .malformedHeader(name: EventHeader.time, value: timeText)
        }
        let subject = try required(EventHeader.subject, in: record)
        guard !subject.isEmpty else { throw .malformedHeader(name: EventHeader.subject, value: subject) }
        let sequenceText = try required(EventHeader.sequence, in: record)
        guard let sequence = Int64(sequenceText), sequence >= 1 else {
            throw .malformedHeader(name: EventHeader.sequence, value: sequenceText)
        }
        let versionText = try required(EventHeader.schemaVersion, in: record)
        guard let version = Int(versionText) else {
            throw .malformedHeader(name: EventHeader.schemaVersion, value: versionText)
        }
        let correlationID = try record.header(EventHeader.correlationID).map { v throws(EventDecodingError) in
            try uuid(EventHeader.correlationID, v)
        }
        let causationID = try record.header(EventHeader.causationID).map { v throws(EventDecodingError) in
            try uuid(EventHeader.causationID, v)
        }
        let actor = try required(EventHeader.actor, in: record)

        guard Registry.schemas.currentVersion(of: eventType) != nil else {
            throw .unknownEventType(eventType)
        }
        let stored: JSONValue
        do {
            stored = try JSONValue(jsonBytes: record.value)
        } catch {
            throw .malformedPayload(eventType: eventType, reason: "value is not valid JSON")
        }
        let (current, currentVersion) = try Registry.schemas.upcast(stored, eventType: eventType, from: version)
        let event: Registry.Event
        do {
            event = try Registry.event(from: current, eventType: eventType)
        } catch {
            throw .malformedPayload(eventType: eventType, reason: Self.describe(error))
        }
        return EventEnvelope(
            eventID: eventID, streamID: subject, sequence: sequence,
            eventType: eventType, schemaVersion: currentVersion,
            occurredAt: Date(millisecondsSince1970: millis),
            correlationID: correlationID, causationID: causationID,
            actor: actor, payload: event
        )
    }

    private func required(_ name: String, in record: EncodedEvent) throws(EventDecodingError) -> String {
        guard let value = record.header(name) else { throw .missingHeader(name) }
        return value
    }

    private func uuid(_ name: String, _ text: String) throws(EventDecodingError) -> UUID {
        guard let id = UUID(uuidString: text) else { throw .malformedHeader(name: name, value: text) }
        return id
    }

    /// A short description of a `DecodingError` naming the offending field.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let p = path(context)
            return "missing field '\(p.isEmpty ? key.stringValue : p + "." + key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at '\(path(context))': \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "invalid value at '\(path(context))': \(context.debugDescription)"
        @unknown default:
            return String(describing: error)
        }
    }
}
