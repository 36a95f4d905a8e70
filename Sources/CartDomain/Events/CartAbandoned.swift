/// `cart.abandoned` v1: the cart was given up (by the customer or a timeout);
/// the cart is closed.
public struct CartAbandoned: CartEventPayload {
    /// `cart.abandoned`.
    public static let eventType = "cart.abandoned"
    /// Current version: 1.
    public static let schemaVersion = 1

    /// Why, e.g. `customer_request` or `inactivity_timeout`.
    public var reason: String

    /// Creates the payload.
    /// - Parameter reason: why the cart was abandoned.
    public init(reason: String) {
        self.reason = reason
    }
}
