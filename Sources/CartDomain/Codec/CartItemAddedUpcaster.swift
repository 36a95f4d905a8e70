public import EventSourcing

/// Upcasts `cart.item_added` v1 to v2.
///
/// v1 (until the pricing rework): `{"sku", "name", "price": "12.34",
/// "currency": "EUR", "quantity"}` with the price as a decimal string in major
/// units. v2: `{"sku", "name", "unitPrice": {"minorUnits": 1234, "currency":
/// "EUR"}, "quantity"}`. The decimal string is converted exactly using the
/// currency's minor-unit digits; a price with more fractional digits than the
/// currency allows, a negative price or an unknown currency fails the upcast
/// (the record is dead-lettered as `malformed_payload`).
public enum CartItemAddedUpcaster {
    /// The v1 → v2 upcaster.
    public static let v1ToV2 = Upcaster(eventType: CartItemAdded.eventType, fromVersion: 1) { v1 in
        guard case .object(var object) = v1 else { throw CartError(.invalidFormat, message: "payload is not an object") }
        guard let price = object["price"]?.stringValue else {
            throw CartError(.invalidAmount, field: "price", message: "v1 'price' missing or not a string")
        }
        guard let code = object["currency"]?.stringValue else {
            throw CartError(.unknownCurrency, field: "currency", message: "v1 'currency' missing or not a string")
        }
        let money = try Money(decimal: price, currency: CartValidation.currency(code))
        guard money.minorUnits >= 0 else {
            throw CartError(.invalidAmount, field: "price", message: "v1 price is negative")
        }
        object["price"] = nil
        object["currency"] = nil
        object["unitPrice"] = .object([
            "minorUnits": .integer(money.minorUnits),
            "currency": .string(money.currency.code),
        ])
        return .object(object)
    }
}
