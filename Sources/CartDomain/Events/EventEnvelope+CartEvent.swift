public import EventSourcing
public import Foundation

extension EventEnvelope where Payload == CartEvent {
    /// Creates an envelope for a cart event, taking `eventType` and
    /// `schemaVersion` from the event.
    /// - Parameters:
    ///   - eventID: unique event id; a new random UUID by default.
    ///   - cartID: the cart id (stream id).
    ///   - sequence: the per-cart sequence, starting at 1.
    ///   - occurredAt: when the event happened.
    ///   - correlationID: the originating request's id, if any.
    ///   - causationID: the id of the direct cause, if any.
    ///   - actor: who caused the event.
    ///   - event: the cart event.
    public init(
        eventID: UUID = UUID(), cartID: String, sequence: Int64, occurredAt: Date,
        correlationID: UUID? = nil, causationID: UUID? = nil, actor: String, event: CartEvent
    ) {
        self.init(
            eventID: eventID, streamID: cartID, sequence: sequence,
            eventType: event.eventType, schemaVersion: event.schemaVersion,
            occurredAt: occurredAt, correlationID: correlationID, causationID: causationID,
            actor: actor, payload: event
        )
    }
}
