import CartDomain
import Testing

@Suite struct MoneyTests {
    @Test func addsAndSubtracts() throws {
        let a = Money(minorUnits: 1234, currency: .eur)
        let b = Money(minorUnits: 66, currency: .eur)
        #expect(try a + b == Money(minorUnits: 1300, currency: .eur))
        #expect(try a - b == Money(minorUnits: 1168, currency: .eur))
        #expect(try a.multiplied(by: 6) == Money(minorUnits: 7404, currency: .eur))
        #expect(try Money.sum([a, b, b], currency: .eur).minorUnits == 1366)
        #expect(try Money.sum([], currency: .eur) == .zero(.eur))
    }

    @Test func refusesToMixCurrencies() throws {
        let error = try #require(throws: CartError.self) {
            try Money(minorUnits: 1, currency: .eur) + Money(minorUnits: 1, currency: .usd)
        }
        #expect(error.code == .currencyMismatch)
        #expect(throws: CartError.self) { try Money.sum([Money(minorUnits: 1, currency: .jpy)], currency: .eur) }
    }

    @Test(arguments: [
        (Int64.max, Int64(1), "add"), (Int64.min, 1, "subtract"), (Int64.max / 2 + 1, 2, "multiply"), (Int64.min, -1, "multiply"),
    ])
    func detectsOverflow(lhs: Int64, rhs: Int64, operation: String) throws {
        let a = Money(minorUnits: lhs, currency: .eur)
        let b = Money(minorUnits: rhs, currency: .eur)
        let error = try #require(throws: CartError.self) {
            switch operation {
            case "add": _ = try a.adding(b)
            case "subtract": _ = try a.subtracting(b)
            default: _ = try a.multiplied(by: rhs)
            }
        }
        #expect(error.code == .amountOverflow)
    }

    @Test(arguments: [
        (Int64(1234), Currency.eur, "12.34 EUR"), (5, .eur, "0.05 EUR"), (-5, .eur, "-0.05 EUR"),
        (1234, .jpy, "1234 JPY"), (1250, .kwd, "1.250 KWD"), (1, .bhd, "0.001 BHD"),
        (0, .krw, "0 KRW"), (Int64.min, .usd, "-92233720368547758.08 USD"),
    ])
    func formats(minor: Int64, currency: Currency, text: String) {
        #expect(Money(minorUnits: minor, currency: currency).formatted == text)
    }

    @Test(arguments: [
        ("12.34", Currency.eur, Int64(1234)), ("12.3", .eur, 1230), ("12", .eur, 1200), ("0.05", .eur, 5),
        ("-1.5", .eur, -150), ("1234", .jpy, 1234), ("1.25", .tnd, 1250), ("0.001", .kwd, 1),
    ])
    func parsesDecimals(text: String, currency: Currency, minor: Int64) throws {
        #expect(try Money(decimal: text, currency: currency).minorUnits == minor)
    }

    @Test(arguments: [
        ("12.345", Currency.eur), ("1.5", .jpy), ("", .eur), ("1.", .eur), (".5", .eur),
        ("1,50", .eur), ("1e3", .eur), ("abc", .eur), ("1.2.3", .eur), ("١٢", .eur),
    ])
    func rejectsInvalidDecimals(text: String, currency: Currency) throws {
        let error = try #require(throws: CartError.self) { try Money(decimal: text, currency: currency) }
        #expect(error.code == .invalidAmount)
    }

    @Test func rejectsDecimalsThatOverflow() throws {
        let error = try #require(throws: CartError.self) { try Money(decimal: "92233720368547758.08", currency: .eur) }
        #expect(error.code == .amountOverflow)
    }
}
