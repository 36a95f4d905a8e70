/// Input validation shared by commands, the HTTP layer and tests.
///
/// Every check throws a ``CartError`` naming the offending `field`; the
/// formats match the patterns in `schemas/cart-events/*.schema.json`.
/// Lengths count Unicode scalars, as JSON Schema's `maxLength` does.
public enum CartValidation {
    /// Smallest quantity of a cart line.
    public static let minimumQuantity = 1
    /// Largest quantity of a cart line.
    public static let maximumQuantity = 999
    /// Largest number of distinct SKUs in one cart.
    public static let maximumLines = 100
    /// Longest product name, customer name, address line or city.
    public static let maximumTextLength = 200
    /// Longest e-mail address (RFC 5321 path limit).
    public static let maximumEmailLength = 254

    /// A cart or customer id: 1–64 characters `A-Z a-z 0-9 _ -`, starting with
    /// a letter or digit (`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`).
    /// - Parameters:
    ///   - value: the id.
    ///   - field: the field name to report.
    public static func identifier(_ value: String, field: String) throws(CartError) {
        let ok =
            (1...64).contains(value.unicodeScalars.count)
            && value.unicodeScalars.first.map(isAlphanumeric) == true
            && value.unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == "_" || $0 == "-" }
        guard ok else {
            throw CartError(
                .invalidFormat, field: field,
                message: "must be 1-64 letters, digits, '_' or '-', starting with a letter or digit")
        }
    }

    /// A SKU: 3–32 characters `A-Z 0-9 -`, starting with a letter or digit
    /// (`^[A-Z0-9][A-Z0-9-]{2,31}$`), e.g. `SKU-1234`.
    /// - Parameters:
    ///   - value: the SKU.
    ///   - field: the field name to report.
    public static func sku(_ value: String, field: String = "sku") throws(CartError) {
        let scalars = value.unicodeScalars
        let upperOrDigit: (Unicode.Scalar) -> Bool = { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        let ok =
            (3...32).contains(scalars.count)
            && scalars.first.map(upperOrDigit) == true
            && scalars.allSatisfy { upperOrDigit($0) || $0 == "-" }
        guard ok else {
            throw CartError(
                .invalidFormat, field: field,
                message: "SKU must be 3-32 characters A-Z, 0-9 or '-', starting with a letter or digit")
        }
    }

    /// A simple e-mail check: one `@`, a non-empty local part, a domain with a
    /// dot, no whitespace, at most 254 characters (`^[^@\s]+@[^@\s]+\.[^@\s]+$`).
    /// - Parameters:
    ///   - value: the address.
    ///   - field: the field name to report.
    public static func email(_ value: String, field: String = "customerEmail") throws(CartError) {
        try length(value, field: field, max: maximumEmailLength)
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        let noSpace = !value.unicodeScalars.contains { $0.properties.isWhitespace }
        let ok =
            parts.count == 2 && !parts[0].isEmpty && noSpace
            && parts[1].split(separator: ".", omittingEmptySubsequences: false).count >= 2
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
        guard ok else {
            throw CartError(.invalidFormat, field: field, message: "'\(value)' is not an e-mail address")
        }
    }

    /// Looks up an ISO 4217 currency code.
    /// - Parameters:
    ///   - code: the code, upper case.
    ///   - field: the field name to report.
    public static func currency(_ code: String, field: String = "currency") throws(CartError) -> Currency {
        do {
            return try Currency(code: code)
        } catch {
            throw CartError(.unknownCurrency, field: field, message: error.message)
        }
    }

    /// A line quantity within `1...999`.
    /// - Parameters:
    ///   - value: the quantity.
    ///   - field: the field name to report.
    public static func quantity(_ value: Int, field: String = "quantity") throws(CartError) {
        guard (minimumQuantity...maximumQuantity).contains(value) else {
            throw CartError(
                .quantityOutOfRange, field: field,
                message: "quantity must be between \(minimumQuantity) and \(maximumQuantity), got \(value)")
        }
    }

    /// A non-blank string of at most `max` Unicode scalars.
    /// - Parameters:
    ///   - value: the text.
    ///   - field: the field name to report.
    ///   - max: the longest allowed length.
    public static func length(_ value: String, field: String, max: Int = maximumTextLength) throws(CartError) {
        let count = value.unicodeScalars.count
        guard count >= 1, count <= max, value.contains(where: { !$0.isWhitespace }) else {
            throw CartError(
                .invalidLength, field: field,
                message: "must be 1-\(max) characters and not blank, got \(count)")
        }
    }

    /// A payment reference from the payment provider: 1–128 characters
    /// `A-Z a-z 0-9 . _ : -`, starting with a letter or digit.
    /// - Parameters:
    ///   - value: the reference.
    ///   - field: the field name to report.
    public static func paymentReference(_ value: String, field: String = "paymentReference") throws(CartError) {
        let ok =
            (1...128).contains(value.unicodeScalars.count)
            && value.unicodeScalars.first.map(isAlphanumeric) == true
            && value.unicodeScalars.allSatisfy { isAlphanumeric($0) || ".:_-".unicodeScalars.contains($0) }
        guard ok else {
            throw CartError(
                .invalidFormat, field: field,
                message: "must be 1-128 letters, digits, '.', '_', ':' or '-'")
        }
    }

    /// A postal code: 1–16 characters `A-Z a-z 0-9`, space or `-`, starting
    /// with a letter or digit.
    /// - Parameters:
    ///   - value: the postal code.
    ///   - field: the field name to report.
    public static func postalCode(_ value: String, field: String) throws(CartError) {
        let ok =
            (1...16).contains(value.unicodeScalars.count)
            && value.unicodeScalars.first.map(isAlphanumeric) == true
            && value.unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == " " || $0 == "-" }
        guard ok else {
            throw CartError(.invalidFormat, field: field, message: "'\(value)' is not a postal code")
        }
    }

    /// An assigned ISO 3166-1 alpha-2 country code, upper case.
    /// - Parameters:
    ///   - value: the code, e.g. `DE`.
    ///   - field: the field name to report.
    public static func country(_ value: String, field: String) throws(CartError) {
        guard CountryCode.isValid(value) else {
            throw CartError(
                .invalidFormat, field: field,
                message: "'\(value)' is not an ISO 3166-1 alpha-2 country code")
        }
    }

    private static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(s) || ("a"..."z").contains(s) || ("0"..."9").contains(s)
    }
}
