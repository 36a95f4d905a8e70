extension ShippingAddress {
    /// The address with a blank `line2` normalised to `nil`, or the first
    /// invalid field as a ``CartError`` (`shippingAddress.city`, ...).
    /// - Parameter field: the prefix for field names, e.g. `shippingAddress`.
    public func validated(field: String = "shippingAddress") throws(CartError) -> ShippingAddress {
        try CartValidation.length(name, field: "\(field).name", max: 100)
        try CartValidation.length(line1, field: "\(field).line1")
        var copy = self
        if let line2, line2.allSatisfy(\.isWhitespace) {
            copy.line2 = nil
        } else if let line2 {
            try CartValidation.length(line2, field: "\(field).line2")
        }
        try CartValidation.postalCode(postalCode, field: "\(field).postalCode")
        try CartValidation.length(city, field: "\(field).city", max: 100)
        try CartValidation.country(country, field: "\(field).country")
        return copy
    }
}
