import CartDomain
import Foundation
import Testing

@Suite struct CurrencyTests {
    @Test(arguments: [
        ("EUR", 2), ("USD", 2), ("GBP", 2), ("CHF", 2), ("CNY", 2), ("JPY", 0), ("KRW", 0),
        ("ISK", 0), ("CLP", 0), ("BHD", 3), ("KWD", 3), ("TND", 3), ("JOD", 3), ("OMR", 3), ("CLF", 4),
    ])
    func knowsMinorUnitDigits(code: String, digits: Int) throws {
        let currency = try Currency(code: code)
        #expect(currency.minorUnitDigits == digits)
        #expect(currency.minorUnitsPerMajorUnit == Int64(pow(10.0, Double(digits))))
    }

    @Test(arguments: ["eur", "EURO", "", "XXX", "XAU", "HRK", "ABC"])
    func rejectsUnknownCodes(code: String) throws {
        let error = try #require(throws: CartError.self) { try Currency(code: code) }
        #expect(error.code == .unknownCurrency)
        #expect(error.field == "currency")
        #expect(error.message.contains("ISO 4217"))
    }

    @Test func codableAsBareCode() throws {
        let data = try JSONEncoder().encode([Currency.kwd])
        #expect(String(decoding: data, as: UTF8.self) == #"["KWD"]"#)
        #expect(try JSONDecoder().decode([Currency].self, from: data) == [.kwd])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Currency].self, from: Data(#"["ZZZ"]"#.utf8)) }
    }

    @Test func tableIsWellFormed() {
        #expect(Currency.iso4217MinorUnits.count > 150)
        for (code, digits) in Currency.iso4217MinorUnits {
            #expect(code.count == 3 && code.allSatisfy { $0.isUppercase }, "\(code)")
            #expect([0, 2, 3, 4].contains(digits), "\(code)")
        }
    }
}
