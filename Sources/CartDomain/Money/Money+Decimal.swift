extension Money {
    /// The amount as a plain decimal string in major units: `12.34`, `-0.05`,
    /// `1234` (JPY), `1.250` (KWD).
    public var decimalString: String {
        let digits = currency.minorUnitDigits
        let negative = minorUnits < 0
        // Work on the magnitude as UInt64 so Int64.min is representable.
        let magnitude = minorUnits.magnitude
        let perMajor = UInt64(currency.minorUnitsPerMajorUnit)
        let major = magnitude / perMajor
        var text = String(major)
        if digits > 0 {
            let minor = String(magnitude % perMajor)
            text += "." + String(repeating: "0", count: digits - minor.count) + minor
        }
        return negative ? "-" + text : text
    }

    /// The amount followed by its currency code: `12.34 EUR`, `1234 JPY`.
    public var formatted: String {
        "\(decimalString) \(currency.code)"
    }

    /// Parses a decimal string in major units, e.g. `12.34` or `12.3` for EUR,
    /// `1234` for JPY. At most the currency's minor-unit digits may follow the
    /// point; no exponent, no thousands separator, no sign other than `-`.
    /// - Parameters:
    ///   - decimal: the decimal text.
    ///   - currency: the currency.
    /// - Throws: `invalid_amount` for malformed text, `amount_overflow` when too large.
    public init(decimal: String, currency: Currency) throws(CartError) {
        let invalid = CartError(
            .invalidAmount, field: "price",
            message: "'\(decimal)' is not a valid \(currency.code) amount")
        var text = Substring(decimal)
        let negative = text.first == "-"
        if negative { text = text.dropFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty,
            whole.allSatisfy(\.isASCIIDigit)
        else { throw invalid }
        var fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || !fraction.isEmpty, fraction.allSatisfy(\.isASCIIDigit),
            fraction.count <= currency.minorUnitDigits
        else { throw invalid }
        fraction += String(repeating: "0", count: currency.minorUnitDigits - fraction.count)
        guard let value = Int64(whole + fraction) else {
            throw CartError(
                .amountOverflow, field: "price",
                message: "'\(decimal)' does not fit into 64-bit minor units")
        }
        self.init(minorUnits: negative ? -value : value, currency: currency)
    }
}

extension Character {
    /// `0`...`9` only (not other Unicode digits).
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
