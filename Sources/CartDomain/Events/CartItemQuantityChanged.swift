/// `cart.item_quantity_changed` v1: the quantity of an existing line changed
/// (Bob changing 5 → 6), either set directly or by adding the same SKU again.
public struct CartItemQuantityChanged: CartEventPayload {
    /// `cart.item_quantity_changed`.
    public static let eventType = "cart.item_quantity_changed"
    /// Current version: 1.
    public static let schemaVersion = 1

    /// The line's SKU.
    public var sku: String
    /// The quantity before.
    public var fromQuantity: Int
    /// The quantity after, `1...999` and different from `fromQuantity`.
    public var toQuantity: Int

    /// Creates the payload.
    /// - Parameters:
    ///   - sku: the SKU.
    ///   - fromQuantity: the old quantity.
    ///   - toQuantity: the new quantity.
    public init(sku: String, fromQuantity: Int, toQuantity: Int) {
        self.sku = sku
        self.fromQuantity = fromQuantity
        self.toQuantity = toQuantity
    }
}
