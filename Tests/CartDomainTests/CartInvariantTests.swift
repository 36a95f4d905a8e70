import CartDomain
import EventSourcing
import Testing

/// Every rejected command: the code and the field a client would be shown.
@Suite struct CartInvariantTests {
    struct Rejection: Sendable, CustomTestStringConvertible {
        let name: String
        let state: CartState
        let command: CartCommand
        let code: CartError.Code
        let field: String?
        var testDescription: String { name }
    }

    static let longText = String(repeating: "x", count: 201)
    static var cartWithMaxLines: CartState {
        Sample.state(
            [Sample.create]
                + (0..<CartValidation.maximumLines).map {
                    .addItem(sku: "SKU-\($0)", name: "Item \($0)", unitPrice: Sample.eur(100), quantity: 1)
                })
    }

    static let rejections: [Rejection] = [
        // Life cycle.
        Rejection(name: "create twice", state: Sample.openCart, command: Sample.create, code: .cartAlreadyExists, field: "cartId"),
        Rejection(
            name: "create after checkout", state: Sample.checkedOutCart, command: Sample.create, code: .cartAlreadyExists, field: "cartId"),
        Rejection(name: "add to missing cart", state: .empty, command: Sample.addWidgets, code: .cartNotFound, field: nil),
        Rejection(
            name: "change in missing cart", state: .empty, command: .changeItemQuantity(sku: "WIDGET-1", quantity: 2), code: .cartNotFound,
            field: nil),
        Rejection(name: "remove from missing cart", state: .empty, command: .removeItem(sku: "WIDGET-1"), code: .cartNotFound, field: nil),
        Rejection(name: "checkout missing cart", state: .empty, command: Sample.checkout, code: .cartNotFound, field: nil),
        Rejection(name: "abandon missing cart", state: .empty, command: .abandon(reason: "x"), code: .cartNotFound, field: nil),
        Rejection(name: "add after checkout", state: Sample.checkedOutCart, command: Sample.addGadget, code: .cartCheckedOut, field: nil),
        Rejection(
            name: "change after checkout", state: Sample.checkedOutCart, command: .changeItemQuantity(sku: "WIDGET-1", quantity: 2),
            code: .cartCheckedOut, field: nil),
        Rejection(
            name: "remove after checkout", state: Sample.checkedOutCart, command: .removeItem(sku: "WIDGET-1"), code: .cartCheckedOut,
            field: nil),
        Rejection(name: "checkout twice", state: Sample.checkedOutCart, command: Sample.checkout, code: .cartCheckedOut, field: nil),
        Rejection(
            name: "abandon after checkout", state: Sample.checkedOutCart, command: .abandon(reason: "x"), code: .cartCheckedOut, field: nil),
        Rejection(name: "add after abandon", state: Sample.abandonedCart, command: Sample.addGadget, code: .cartAbandoned, field: nil),
        Rejection(name: "checkout after abandon", state: Sample.abandonedCart, command: Sample.checkout, code: .cartAbandoned, field: nil),
        Rejection(name: "abandon twice", state: Sample.abandonedCart, command: .abandon(reason: "x"), code: .cartAbandoned, field: nil),
        // createCart input.
        Rejection(
            name: "bad cart id", state: .empty,
            command: .createCart(cartID: "-x", customerID: "c", customerEmail: "a@b.co", currency: .eur), code: .invalidFormat,
            field: "cartId"),
        Rejection(
            name: "bad customer id", state: .empty,
            command: .createCart(cartID: "c1", customerID: "a b", customerEmail: "a@b.co", currency: .eur), code: .invalidFormat,
            field: "customerId"),
        Rejection(
            name: "bad e-mail", state: .empty,
            command: .createCart(cartID: "c1", customerID: "c", customerEmail: "bob.example.com", currency: .eur), code: .invalidFormat,
            field: "customerEmail"),
        // addItem.
        Rejection(
            name: "quantity 0", state: Sample.openCart,
            command: .addItem(sku: "GADGET-7", name: "G", unitPrice: Sample.eur(1), quantity: 0), code: .quantityOutOfRange,
            field: "quantity"),
        Rejection(
            name: "quantity 1000", state: Sample.openCart,
            command: .addItem(sku: "GADGET-7", name: "G", unitPrice: Sample.eur(1), quantity: 1000), code: .quantityOutOfRange,
            field: "quantity"),
        Rejection(
            name: "existing sku beyond 999", state: Sample.openCart,
            command: .addItem(sku: "WIDGET-1", name: "Widget", unitPrice: Sample.eur(1234), quantity: 995), code: .quantityOutOfRange,
            field: "quantity"),
        Rejection(
            name: "existing sku other price", state: Sample.openCart,
            command: .addItem(sku: "WIDGET-1", name: "Widget", unitPrice: Sample.eur(1000), quantity: 1), code: .priceMismatch,
            field: "unitPrice"),
        Rejection(
            name: "price in other currency", state: Sample.openCart,
            command: .addItem(sku: "GADGET-7", name: "G", unitPrice: Money(minorUnits: 100, currency: .usd), quantity: 1),
            code: .currencyMismatch, field: "unitPrice.currency"),
        Rejection(
            name: "negative price", state: Sample.openCart,
            command: .addItem(sku: "GADGET-7", name: "G", unitPrice: Sample.eur(-1), quantity: 1), code: .invalidAmount,
            field: "unitPrice.minorUnits"),
        Rejection(
            name: "bad sku", state: Sample.openCart, command: .addItem(sku: "widget 1", name: "G", unitPrice: Sample.eur(1), quantity: 1),
            code: .invalidFormat, field: "sku"),
        Rejection(
            name: "blank name", state: Sample.openCart,
            command: .addItem(sku: "GADGET-7", name: "   ", unitPrice: Sample.eur(1), quantity: 1), code: .invalidLength, field: "name"),
        Rejection(
            name: "long name", state: Sample.openCart,
            command: .addItem(sku: "GADGET-7", name: longText, unitPrice: Sample.eur(1), quantity: 1), code: .invalidLength, field: "name"),
        Rejection(name: "too many lines", state: cartWithMaxLines, command: Sample.addGadget, code: .tooManyLines, field: "sku"),
        // changeItemQuantity / removeItem.
        Rejection(
            name: "change missing sku", state: Sample.openCart, command: .changeItemQuantity(sku: "GADGET-7", quantity: 2),
            code: .itemNotFound, field: "sku"),
        Rejection(
            name: "change to 0", state: Sample.openCart, command: .changeItemQuantity(sku: "WIDGET-1", quantity: 0),
            code: .quantityOutOfRange, field: "quantity"),
        Rejection(
            name: "change to 1000", state: Sample.openCart, command: .changeItemQuantity(sku: "WIDGET-1", quantity: 1000),
            code: .quantityOutOfRange, field: "quantity"),
        Rejection(
            name: "remove missing sku", state: Sample.openCart, command: .removeItem(sku: "GADGET-7"), code: .itemNotFound, field: "sku"),
        Rejection(
            name: "remove twice", state: Sample.state([Sample.create, Sample.addWidgets, .removeItem(sku: "WIDGET-1")]),
            command: .removeItem(sku: "WIDGET-1"), code: .itemNotFound, field: "sku"),
        // checkout.
        Rejection(
            name: "checkout empty cart", state: Sample.state([Sample.create]), command: Sample.checkout, code: .emptyCart, field: nil),
        Rejection(
            name: "checkout after removing all", state: Sample.state([Sample.create, Sample.addWidgets, .removeItem(sku: "WIDGET-1")]),
            command: Sample.checkout, code: .emptyCart, field: nil),
        Rejection(
            name: "blank payment reference", state: Sample.openCart,
            command: .checkout(paymentReference: "", shippingAddress: Sample.address), code: .invalidFormat, field: "paymentReference"),
        Rejection(
            name: "bad country", state: Sample.openCart,
            command: .checkout(
                paymentReference: "p1", shippingAddress: ShippingAddress(name: "B", line1: "L", postalCode: "1", city: "C", country: "XX")),
            code: .invalidFormat, field: "shippingAddress.country"),
        Rejection(
            name: "lower-case country", state: Sample.openCart,
            command: .checkout(
                paymentReference: "p1", shippingAddress: ShippingAddress(name: "B", line1: "L", postalCode: "1", city: "C", country: "de")),
            code: .invalidFormat, field: "shippingAddress.country"),
        Rejection(
            name: "blank address line", state: Sample.openCart,
            command: .checkout(
                paymentReference: "p1", shippingAddress: ShippingAddress(name: "B", line1: "", postalCode: "1", city: "C", country: "DE")),
            code: .invalidLength, field: "shippingAddress.line1"),
        Rejection(
            name: "bad postal code", state: Sample.openCart,
            command: .checkout(
                paymentReference: "p1",
                shippingAddress: ShippingAddress(name: "B", line1: "L", postalCode: "10115!", city: "C", country: "DE")),
            code: .invalidFormat, field: "shippingAddress.postalCode"),
        Rejection(
            name: "long recipient", state: Sample.openCart,
            command: .checkout(
                paymentReference: "p1",
                shippingAddress: ShippingAddress(
                    name: String(repeating: "n", count: 101), line1: "L", postalCode: "1", city: "C", country: "DE")), code: .invalidLength,
            field: "shippingAddress.name"),
        Rejection(
            name: "blank city", state: Sample.openCart,
            command: .checkout(
                paymentReference: "p1", shippingAddress: ShippingAddress(name: "B", line1: "L", postalCode: "1", city: " ", country: "DE")),
            code: .invalidLength, field: "shippingAddress.city"),
        // abandon.
        Rejection(name: "blank reason", state: Sample.openCart, command: .abandon(reason: ""), code: .invalidLength, field: "reason"),
    ]

    @Test(arguments: rejections)
    func rejects(_ r: Rejection) throws {
        let error = try #require(throws: CartError.self) { try CartDecider.decide(r.command, state: r.state) }
        #expect(error.code == r.code)
        #expect(error.field == r.field)
        #expect(!error.message.isEmpty)
    }

    @Test func checkoutOverflowIsRejected() throws {
        let huge = Sample.state([
            Sample.create,
            .addItem(sku: "YACHT-1", name: "Yacht", unitPrice: Sample.eur(.max / 2), quantity: 3),
        ])
        let error = try #require(throws: CartError.self) { try CartDecider.decide(Sample.checkout, state: huge) }
        #expect(error.code == .amountOverflow)
    }

    @Test(arguments: [
        (CartError.Code.cartNotFound, CartError.Category.notFound), (.itemNotFound, .notFound),
        (.cartCheckedOut, .conflict), (.priceMismatch, .conflict), (.emptyCart, .conflict),
        (.quantityOutOfRange, .validation), (.invalidFormat, .validation), (.unknownCurrency, .validation),
    ])
    func errorCategoriesForHTTP(code: CartError.Code, category: CartError.Category) {
        #expect(CartError(code, message: "m").category == category)
    }

    @Test func errorCodesAreStableSnakeCase() {
        for code in CartError.Code.allCases {
            #expect(code.rawValue.allSatisfy { $0.isLowercase || $0 == "_" }, "\(code)")
        }
        #expect(CartError(.quantityOutOfRange, field: "quantity", message: "m").description == "quantity_out_of_range (quantity): m")
    }
}
