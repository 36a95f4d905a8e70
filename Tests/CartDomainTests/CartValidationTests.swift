import CartDomain
import Testing

@Suite struct CartValidationTests {
    @Test(arguments: ["ABC", "SKU-1234", "0-0", "A23456789012345678901234567890AB"])
    func acceptsSkus(sku: String) {
        #expect(throws: Never.self) { try CartValidation.sku(sku) }
    }

    @Test(arguments: ["AB", "sku-1", "-AB", "SKU 1", "SKU_1", "A234567890123456789012345678901AB", "ÄBC"])
    func rejectsSkus(sku: String) {
        #expect(throws: CartError.self) { try CartValidation.sku(sku) }
    }

    @Test(arguments: ["bob@example.com", "a.b+c@sub.example.co.uk", "x@y.z"])
    func acceptsEmails(email: String) {
        #expect(throws: Never.self) { try CartValidation.email(email) }
    }

    @Test(arguments: [
        "", "bob", "bob@", "@example.com", "bob@example", "bob@@example.com",
        "bob @example.com", "bob@example.", "bob@.com", String(repeating: "a", count: 250) + "@x.de",
    ])
    func rejectsEmails(email: String) throws {
        let error = try #require(throws: CartError.self) { try CartValidation.email(email) }
        #expect(error.field == "customerEmail")
    }

    @Test(arguments: [(1, true), (999, true), (0, false), (1000, false), (-1, false)])
    func quantityRange(quantity: Int, valid: Bool) {
        #expect(((try? CartValidation.quantity(quantity)) != nil) == valid)
    }

    @Test func lengthCountsUnicodeScalarsLikeJSONSchema() {
        // "👍🏽" is one Character but two scalars.
        let thumbs = String(repeating: "👍🏽", count: 100)
        #expect(throws: CartError.self) { try CartValidation.length(thumbs, field: "name", max: 199) }
        #expect(throws: Never.self) { try CartValidation.length(thumbs, field: "name", max: 200) }
    }

    @Test func currencyHelperNamesTheField() throws {
        #expect(try CartValidation.currency("JPY") == .jpy)
        let error = try #require(throws: CartError.self) { try CartValidation.currency("XYZ", field: "unitPrice.currency") }
        #expect(error.field == "unitPrice.currency")
    }

    @Test(arguments: [("DE", true), ("JP", true), ("GB", true), ("UK", false), ("de", false), ("D", false), ("XX", false)])
    func countryCodes(code: String, valid: Bool) {
        #expect(CountryCode.isValid(code) == valid)
    }
}
