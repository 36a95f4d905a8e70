/// Everything ``EventCodec`` needs to know about a family of events: their
/// type names, current schema versions, upcasters and payload encoding.
public protocol EventRegistry: Sendable {
    /// The event type the registry describes (usually an enum over payloads).
    associatedtype Event: Sendable

    /// Current version of every event type, and the upcasters for older ones.
    static var schemas: UpcasterChain { get }

    /// The type name of an event, e.g. `cart.item_added`.
    /// - Parameter event: the event.
    static func eventType(of event: Event) -> String

    /// The event's payload as JSON, in the current schema version.
    /// - Parameter event: the event.
    static func payload(of event: Event) -> JSONValue

    /// Builds an event from a payload in the current schema version.
    /// - Parameters:
    ///   - payload: the payload, already upcast.
    ///   - eventType: the event type name.
    /// - Throws: any error when the payload does not match the type.
    static func event(from payload: JSONValue, eventType: String) throws -> Event
}
