/// `cart.item_removed` v1: a line was removed from the cart.
public struct CartItemRemoved: CartEventPayload {
    /// `cart.item_removed`.
    public static let eventType = "cart.item_removed"
    /// Current version: 1.
    public static let schemaVersion = 1

    /// The removed line's SKU.
    public var sku: String

    /// Creates the payload.
    /// - Parameter sku: the SKU.
    public init(sku: String) {
        self.sku = sku
    }
}
