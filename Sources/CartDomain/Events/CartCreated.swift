/// `cart.created` v1: a customer opened a cart; always the first event of a stream.
public struct CartCreated: CartEventPayload {
    /// `cart.created`.
    public static let eventType = "cart.created"
    /// Current version: 1.
    public static let schemaVersion = 1

    /// The cart id (also the stream id and record key).
    public var cartID: String
    /// The customer's id.
    public var customerID: String
    /// The customer's e-mail address, for the e-mail service.
    public var customerEmail: String
    /// The currency every price in this cart uses.
    public var currency: Currency

    /// Creates the payload.
    /// - Parameters:
    ///   - cartID: the cart id.
    ///   - customerID: the customer id.
    ///   - customerEmail: the customer's e-mail.
    ///   - currency: the cart currency.
    public init(cartID: String, customerID: String, customerEmail: String, currency: Currency) {
        self.cartID = cartID
        self.customerID = customerID
        self.customerEmail = customerEmail
        self.currency = currency
    }

    private enum CodingKeys: String, CodingKey {
        case cartID = "cartId"
        case customerID = "customerId"
        case customerEmail, currency
    }
}
