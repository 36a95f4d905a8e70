/// `cart.checked_out` v1: the customer checked out; the cart is closed.
/// Carries everything billing, fulfilment and e-mail need, so that they do not
/// have to fold the whole stream.
public struct CartCheckedOut: CartEventPayload {
    /// `cart.checked_out`.
    public static let eventType = "cart.checked_out"
    /// Current version: 1.
    public static let schemaVersion = 1

    /// The lines in insertion order.
    public var lines: [CheckoutLine]
    /// Sum of the line totals.
    public var subtotal: Money
    /// Sum of the quantities.
    public var itemCount: Int
    /// The payment provider's reference for the authorised payment.
    public var paymentReference: String
    /// The shipping address.
    public var shippingAddress: ShippingAddress

    /// Creates the payload.
    /// - Parameters:
    ///   - lines: the lines.
    ///   - subtotal: the subtotal.
    ///   - itemCount: the number of units.
    ///   - paymentReference: the payment reference.
    ///   - shippingAddress: the shipping address.
    public init(lines: [CheckoutLine], subtotal: Money, itemCount: Int, paymentReference: String, shippingAddress: ShippingAddress) {
        self.lines = lines
        self.subtotal = subtotal
        self.itemCount = itemCount
        self.paymentReference = paymentReference
        self.shippingAddress = shippingAddress
    }
}
