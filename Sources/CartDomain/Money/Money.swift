/// An amount of money in integer minor units (cents, yen, fils) of one
/// currency. Never floating point; every operation checks for overflow and
/// refuses to mix currencies.
public struct Money: Sendable, Hashable, Codable {
    /// The amount in minor units (`1234` EUR minor units = 12.34 EUR).
    public let minorUnits: Int64
    /// The currency.
    public let currency: Currency

    /// Creates an amount.
    /// - Parameters:
    ///   - minorUnits: the amount in minor units.
    ///   - currency: the currency.
    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Zero in `currency`.
    /// - Parameter currency: the currency.
    public static func zero(_ currency: Currency) -> Money {
        Money(minorUnits: 0, currency: currency)
    }

    /// The sum, or `currency_mismatch` / `amount_overflow`.
    /// - Parameter other: the amount to add, in the same currency.
    public func adding(_ other: Money) throws(CartError) -> Money {
        try requireSameCurrency(other)
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow else { throw Self.overflow() }
        return Money(minorUnits: sum, currency: currency)
    }

    /// The difference, or `currency_mismatch` / `amount_overflow`.
    /// - Parameter other: the amount to subtract, in the same currency.
    public func subtracting(_ other: Money) throws(CartError) -> Money {
        try requireSameCurrency(other)
        let (difference, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        guard !overflow else { throw Self.overflow() }
        return Money(minorUnits: difference, currency: currency)
    }

    /// The amount times an integer factor (a line total), or `amount_overflow`.
    /// - Parameter factor: the multiplier, e.g. a quantity.
    public func multiplied(by factor: Int64) throws(CartError) -> Money {
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw Self.overflow() }
        return Money(minorUnits: product, currency: currency)
    }

    /// Adds two amounts; see ``adding(_:)``.
    public static func + (lhs: Money, rhs: Money) throws(CartError) -> Money {
        try lhs.adding(rhs)
    }

    /// Subtracts two amounts; see ``subtracting(_:)``.
    public static func - (lhs: Money, rhs: Money) throws(CartError) -> Money {
        try lhs.subtracting(rhs)
    }

    /// The sum of amounts, all in `currency`.
    /// - Parameters:
    ///   - amounts: the amounts.
    ///   - currency: the currency of the result (and of every amount).
    public static func sum(_ amounts: some Sequence<Money>, currency: Currency) throws(CartError) -> Money {
        var total = Money.zero(currency)
        for amount in amounts { total = try total.adding(amount) }
        return total
    }

    private func requireSameCurrency(_ other: Money) throws(CartError) {
        guard currency == other.currency else {
            throw CartError(
                .currencyMismatch, field: "currency",
                message: "cannot combine \(currency.code) with \(other.currency.code)")
        }
    }

    private static func overflow() -> CartError {
        CartError(.amountOverflow, message: "amount does not fit into 64-bit minor units")
    }
}
