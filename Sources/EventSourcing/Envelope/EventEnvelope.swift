public import Foundation

/// One event of one stream, together with the metadata the event store keeps for it.
///
/// The envelope is what travels through the system: the payload is the domain
/// fact, everything else says where it belongs (`streamID`, `sequence`), what it
/// is (`eventType`, `schemaVersion`), when and by whom it happened (`occurredAt`,
/// `actor`) and why (`correlationID`, `causationID`).
public struct EventEnvelope<Payload: Sendable>: Sendable {
    /// Globally unique id of this event; consumers deduplicate on it.
    public var eventID: UUID
    /// The stream (aggregate) the event belongs to, e.g. the cart id.
    public var streamID: String
    /// Position of the event in its stream: starts at 1 and has no gaps.
    public var sequence: Int64
    /// Stable, dotted event type name, e.g. `cart.item_added`.
    public var eventType: String
    /// Version of the payload's schema for `eventType`.
    public var schemaVersion: Int
    /// When the event happened, truncated to whole milliseconds.
    public var occurredAt: Date
    /// Id shared by every event caused by the same original request.
    public var correlationID: UUID?
    /// Id of the event or command that directly caused this event.
    public var causationID: UUID?
    /// Who caused the event: a user id, `system`, a service name.
    public var actor: String
    /// The domain event itself.
    public var payload: Payload

    /// Creates an envelope; `occurredAt` is truncated to whole milliseconds so
    /// that it survives a round trip through the wire format unchanged.
    /// - Parameters:
    ///   - eventID: unique event id; a new random UUID by default.
    ///   - streamID: the stream (cart) id.
    ///   - sequence: the per-stream position, starting at 1.
    ///   - eventType: the event type name.
    ///   - schemaVersion: the payload's schema version.
    ///   - occurredAt: when the event happened.
    ///   - correlationID: the originating request's id, if any.
    ///   - causationID: the id of the direct cause, if any.
    ///   - actor: who caused the event.
    ///   - payload: the domain event.
    public init(
        eventID: UUID = UUID(),
        streamID: String,
        sequence: Int64,
        eventType: String,
        schemaVersion: Int,
        occurredAt: Date,
        correlationID: UUID? = nil,
        causationID: UUID? = nil,
        actor: String,
        payload: Payload
    ) {
        self.eventID = eventID
        self.streamID = streamID
        self.sequence = sequence
        self.eventType = eventType
        self.schemaVersion = schemaVersion
        self.occurredAt = Date(millisecondsSince1970: occurredAt.millisecondsSince1970)
        self.correlationID = correlationID
        self.causationID = causationID
        self.actor = actor
        self.payload = payload
    }

    /// Returns the same envelope carrying a different payload (used when
    /// decoding or upcasting changes the payload's representation).
    /// - Parameter transform: maps the old payload to the new one.
    public func mapPayload<NewPayload: Sendable, Failure: Error>(
        _ transform: (Payload) throws(Failure) -> NewPayload
    ) throws(Failure) -> EventEnvelope<NewPayload> {
        EventEnvelope<NewPayload>(
            eventID: eventID, streamID: streamID, sequence: sequence,
            eventType: eventType, schemaVersion: schemaVersion, occurredAt: occurredAt,
            correlationID: correlationID, causationID: causationID, actor: actor,
            payload: try transform(payload)
        )
    }
}

extension EventEnvelope: Equatable where Payload: Equatable {}
