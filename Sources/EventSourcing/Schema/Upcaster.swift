/// Transforms the payload of one event type from `fromVersion` to
/// `fromVersion + 1`.
///
/// Upcasters let old events stay readable forever: the stored bytes never
/// change, readers convert them to the current shape when decoding.
public struct Upcaster: Sendable {
    /// The event type this upcaster applies to.
    public let eventType: String
    /// The schema version it reads; it produces `fromVersion + 1`.
    public let fromVersion: Int
    private let transform: @Sendable (JSONValue) throws -> JSONValue

    /// Creates an upcaster.
    /// - Parameters:
    ///   - eventType: the event type, e.g. `cart.item_added`.
    ///   - fromVersion: the version it reads.
    ///   - transform: converts a `fromVersion` payload to `fromVersion + 1`;
    ///     throws when the old payload is malformed.
    public init(
        eventType: String, fromVersion: Int,
        transform: @escaping @Sendable (JSONValue) throws -> JSONValue
    ) {
        self.eventType = eventType
        self.fromVersion = fromVersion
        self.transform = transform
    }

    /// The version this upcaster produces.
    public var toVersion: Int { fromVersion + 1 }

    /// Converts a payload one version up.
    /// - Parameter payload: a payload of `fromVersion`.
    public func upcast(_ payload: JSONValue) throws -> JSONValue {
        try transform(payload)
    }
}
