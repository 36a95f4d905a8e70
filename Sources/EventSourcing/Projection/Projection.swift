/// A read model built by applying events, one envelope at a time.
///
/// Projections are usually fed from a consumer; combine them with a
/// ``StreamSequenceTracker`` to skip redelivered events and detect gaps.
public protocol Projection<Event> {
    /// The event type the projection understands.
    associatedtype Event: Sendable

    /// Updates the read model with one event.
    /// - Parameter envelope: the event and its metadata.
    mutating func apply(_ envelope: EventEnvelope<Event>) throws
}
