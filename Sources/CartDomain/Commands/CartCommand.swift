/// Everything a caller can ask a cart to do. ``CartDecider`` validates the
/// input and checks the cart's invariants before emitting events.
public enum CartCommand: Sendable, Equatable {
    /// Opens a new cart.
    case createCart(cartID: String, customerID: String, customerEmail: String, currency: Currency)
    /// Adds units of a product; adding a SKU already in the cart increases its
    /// quantity (the unit price must be the same).
    case addItem(sku: String, name: String, unitPrice: Money, quantity: Int)
    /// Sets the quantity of a line; setting the current quantity is a no-op.
    case changeItemQuantity(sku: String, quantity: Int)
    /// Removes a line.
    case removeItem(sku: String)
    /// Checks the cart out with an authorised payment.
    case checkout(paymentReference: String, shippingAddress: ShippingAddress)
    /// Gives the cart up.
    case abandon(reason: String)
}
