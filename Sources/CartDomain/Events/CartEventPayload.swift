/// A payload type of one cart event type: its wire name and current version.
public protocol CartEventPayload: Codable, Sendable, Equatable {
    /// The event type name, e.g. `cart.item_added`.
    static var eventType: String { get }
    /// The current schema version written by this code.
    static var schemaVersion: Int { get }
}
