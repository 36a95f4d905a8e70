/// `cart.item_added` v2: a new line was added to the cart.
///
/// History: v1 carried `price` as a decimal string in major units plus a
/// separate `currency` (`"price": "12.34", "currency": "EUR"`), which consumers
/// in other languages parsed into floats. v2 carries `unitPrice` as integer
/// minor units with its currency (`{"minorUnits": 1234, "currency": "EUR"}`).
/// v1 records stay readable through ``CartItemAddedUpcaster``.
public struct CartItemAdded: CartEventPayload {
    /// `cart.item_added`.
    public static let eventType = "cart.item_added"
    /// Current version: 2.
    public static let schemaVersion = 2

    /// The product's SKU.
    public var sku: String
    /// The product name shown to the customer.
    public var name: String
    /// Price of one unit.
    public var unitPrice: Money
    /// Units added, `1...999`.
    public var quantity: Int

    /// Creates the payload.
    /// - Parameters:
    ///   - sku: the SKU.
    ///   - name: the product name.
    ///   - unitPrice: the unit price.
    ///   - quantity: the quantity.
    public init(sku: String, name: String, unitPrice: Money, quantity: Int) {
        self.sku = sku
        self.name = name
        self.unitPrice = unitPrice
        self.quantity = quantity
    }
}
