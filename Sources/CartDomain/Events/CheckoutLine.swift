/// One line of a checked-out cart, with its computed total.
public struct CheckoutLine: Codable, Sendable, Equatable {
    /// The SKU.
    public var sku: String
    /// The product name.
    public var name: String
    /// Price of one unit.
    public var unitPrice: Money
    /// Units, `1...999`.
    public var quantity: Int
    /// `unitPrice × quantity`.
    public var lineTotal: Money

    /// Creates a line.
    /// - Parameters:
    ///   - sku: the SKU.
    ///   - name: the product name.
    ///   - unitPrice: the unit price.
    ///   - quantity: the quantity.
    ///   - lineTotal: the line total.
    public init(sku: String, name: String, unitPrice: Money, quantity: Int, lineTotal: Money) {
        self.sku = sku
        self.name = name
        self.unitPrice = unitPrice
        self.quantity = quantity
        self.lineTotal = lineTotal
    }
}
