import CartDomain

/// `POST /carts` body.
struct CreateCartRequest: Decodable, Sendable {
    var cartId: String?
    var customerId: String
    var customerEmail: String
    var currency: String
}

/// `POST /carts/{id}/items` body.
struct AddItemRequest: Decodable, Sendable {
    var sku: String
    var name: String
    /// Unit price in minor units of the cart's currency (cents for EUR).
    var unitPriceMinor: Int64
    var quantity: Int
}

/// `PATCH /carts/{id}/items/{sku}` body.
struct ChangeQuantityRequest: Decodable, Sendable {
    var quantity: Int
}

/// `POST /carts/{id}/checkout` body.
struct CheckoutRequest: Decodable, Sendable {
    var paymentReference: String
    var shippingAddress: ShippingAddress
}

/// `POST /carts/{id}/abandon` body.
struct AbandonRequest: Decodable, Sendable {
    var reason: String?
}
