import CartDomain
import EventSourcing
import Foundation

/// One event of a cart as stored on the topic: the envelope and where it lives.
struct StoredCartEvent: Sendable {
    var envelope: EventEnvelope<CartEvent>
    var partition: Int32
    var offset: Int64
}

/// A cart held in memory: its current state and its full history (the audit trail).
struct CartRecord: Sendable {
    var state: CartState = CartDecider.initialState
    var history: [StoredCartEvent] = []
    /// False for a cart restored from a snapshot: its older events are read from the log on demand.
    var historyComplete = true

    /// The state after the events up to and including `sequence`.
    func state(atSequence sequence: Int64) -> CartState {
        CartDecider.fold(envelopes: history.prefix { $0.envelope.sequence <= sequence }.map(\.envelope))
    }

    /// The state after the events that occurred at or before `date`.
    func state(at date: Date) -> CartState {
        CartDecider.fold(envelopes: history.prefix { $0.envelope.occurredAt <= date }.map(\.envelope))
    }
}

/// What an `Idempotency-Key` maps to: the cart and the version the first command produced.
struct IdempotencyRecord: Sendable, Codable {
    var cartID: String
    var version: Int64
    var created: Bool
}
