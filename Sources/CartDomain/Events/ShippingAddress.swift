/// Where a checked-out cart is shipped.
public struct ShippingAddress: Codable, Sendable, Equatable {
    /// Recipient name.
    public var name: String
    /// First address line.
    public var line1: String
    /// Optional second address line (absent from JSON when `nil`).
    public var line2: String?
    /// Postal code.
    public var postalCode: String
    /// City.
    public var city: String
    /// ISO 3166-1 alpha-2 country code, e.g. `DE`.
    public var country: String

    /// Creates an address.
    /// - Parameters:
    ///   - name: recipient name.
    ///   - line1: first address line.
    ///   - line2: second address line, if any.
    ///   - postalCode: postal code.
    ///   - city: city.
    ///   - country: ISO 3166-1 alpha-2 code.
    public init(name: String, line1: String, line2: String? = nil, postalCode: String, city: String, country: String) {
        self.name = name
        self.line1 = line1
        self.line2 = line2
        self.postalCode = postalCode
        self.city = city
        self.country = country
    }
}
