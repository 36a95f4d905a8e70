/// One product line of an open cart.
public struct CartLine: Sendable, Codable, Equatable {
    /// The SKU (unique within a cart).
    public var sku: String
    /// The product name.
    public var name: String
    /// Price of one unit.
    public var unitPrice: Money
    /// Units, `1...999`.
    public var quantity: Int

    /// Creates a line.
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

    /// `unitPrice × quantity`, or `amount_overflow`.
    public func lineTotal() throws(CartError) -> Money {
        try unitPrice.multiplied(by: Int64(quantity))
    }
}
