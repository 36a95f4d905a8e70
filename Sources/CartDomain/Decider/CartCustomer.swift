/// The customer owning a cart.
public struct CartCustomer: Sendable, Codable, Equatable {
    /// The customer id.
    public var id: String
    /// The customer's e-mail address.
    public var email: String

    /// Creates a customer.
    /// - Parameters:
    ///   - id: the customer id.
    ///   - email: the e-mail address.
    public init(id: String, email: String) {
        self.id = id
        self.email = email
    }
}
