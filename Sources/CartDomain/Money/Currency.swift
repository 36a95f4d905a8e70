/// An active ISO 4217 currency and the number of digits of its minor unit
/// (2 for EUR, 0 for JPY, 3 for KWD).
public struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The three-letter ISO 4217 code, e.g. `EUR`.
    public let code: String
    /// Digits after the decimal separator: 1 major unit = 10^digits minor units.
    public let minorUnitDigits: Int

    /// Looks up a currency by its code.
    /// - Parameter code: an ISO 4217 code; must be upper case (`EUR`, not `eur`).
    /// - Throws: `unknown_currency` when the code is not an active ISO 4217 code.
    public init(code: String) throws(CartError) {
        guard let digits = Currency.iso4217MinorUnits[code] else {
            throw CartError(
                .unknownCurrency, field: "currency",
                message: "'\(code)' is not an active ISO 4217 currency code")
        }
        self.code = code
        self.minorUnitDigits = digits
    }

    private init(known code: String) {
        self.code = code
        self.minorUnitDigits = Currency.iso4217MinorUnits[code]!
    }

    /// Minor units per major unit (`100` for EUR, `1` for JPY, `1000` for KWD).
    public var minorUnitsPerMajorUnit: Int64 {
        (0..<minorUnitDigits).reduce(1) { r, _ in r * 10 }
    }

    /// The code.
    public var description: String { code }

    /// Decodes from the bare code string, rejecting unknown codes.
    /// - Parameter decoder: the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let code = try c.decode(String.self)
        do {
            try self.init(code: code)
        } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: error.message)
        }
    }

    /// Encodes as the bare code string.
    /// - Parameter encoder: the encoder.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(code)
    }

    /// Euro.
    public static let eur = Currency(known: "EUR")
    /// US dollar.
    public static let usd = Currency(known: "USD")
    /// Pound sterling.
    public static let gbp = Currency(known: "GBP")
    /// Swiss franc.
    public static let chf = Currency(known: "CHF")
    /// Yen (no minor unit).
    public static let jpy = Currency(known: "JPY")
    /// Won (no minor unit).
    public static let krw = Currency(known: "KRW")
    /// Kuwaiti dinar (three minor digits).
    public static let kwd = Currency(known: "KWD")
    /// Bahraini dinar (three minor digits).
    public static let bhd = Currency(known: "BHD")
    /// Tunisian dinar (three minor digits).
    public static let tnd = Currency(known: "TND")
}
