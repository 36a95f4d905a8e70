extension CartDecider {
    static func createCart(
        cartID: String, customerID: String, customerEmail: String, currency: Currency, state: CartState
    ) throws(CartError) -> [CartEvent] {
        guard state.status == .none else {
            throw CartError(.cartAlreadyExists, field: "cartId", message: "cart \(cartID) already exists")
        }
        try CartValidation.identifier(cartID, field: "cartId")
        try CartValidation.identifier(customerID, field: "customerId")
        try CartValidation.email(customerEmail, field: "customerEmail")
        return [
            .created(
                CartCreated(
                    cartID: cartID, customerID: customerID,
                    customerEmail: customerEmail, currency: currency))
        ]
    }

    static func addItem(
        sku: String, name: String, unitPrice: Money, quantity: Int, state: CartState
    ) throws(CartError) -> [CartEvent] {
        let currency = try requireOpen(state)
        try CartValidation.sku(sku)
        try CartValidation.length(name, field: "name")
        try CartValidation.quantity(quantity)
        guard unitPrice.minorUnits >= 0 else {
            throw CartError(.invalidAmount, field: "unitPrice.minorUnits", message: "unit price must not be negative")
        }
        guard unitPrice.currency == currency else {
            throw CartError(
                .currencyMismatch, field: "unitPrice.currency",
                message: "cart is in \(currency.code), price is in \(unitPrice.currency.code)")
        }
        if let line = state.line(for: sku) {
            guard line.unitPrice == unitPrice else {
                throw CartError(
                    .priceMismatch, field: "unitPrice",
                    message: "\(sku) is in the cart at \(line.unitPrice.formatted), not \(unitPrice.formatted)")
            }
            let total = line.quantity + quantity
            guard total <= CartValidation.maximumQuantity else {
                throw CartError(
                    .quantityOutOfRange, field: "quantity",
                    message: "\(sku) would have \(total) units, at most \(CartValidation.maximumQuantity) allowed")
            }
            return [.itemQuantityChanged(CartItemQuantityChanged(sku: sku, fromQuantity: line.quantity, toQuantity: total))]
        }
        guard state.lines.count < CartValidation.maximumLines else {
            throw CartError(
                .tooManyLines, field: "sku",
                message: "a cart holds at most \(CartValidation.maximumLines) different products")
        }
        return [.itemAdded(CartItemAdded(sku: sku, name: name, unitPrice: unitPrice, quantity: quantity))]
    }

    static func changeItemQuantity(sku: String, quantity: Int, state: CartState) throws(CartError) -> [CartEvent] {
        try requireOpen(state)
        try CartValidation.sku(sku)
        try CartValidation.quantity(quantity)
        let line = try requireLine(sku, in: state)
        guard line.quantity != quantity else { return [] }
        return [.itemQuantityChanged(CartItemQuantityChanged(sku: sku, fromQuantity: line.quantity, toQuantity: quantity))]
    }

    static func removeItem(sku: String, state: CartState) throws(CartError) -> [CartEvent] {
        try requireOpen(state)
        try CartValidation.sku(sku)
        _ = try requireLine(sku, in: state)
        return [.itemRemoved(CartItemRemoved(sku: sku))]
    }

    static func checkout(
        paymentReference: String, address: ShippingAddress, state: CartState
    ) throws(CartError) -> [CartEvent] {
        let currency = try requireOpen(state)
        guard !state.lines.isEmpty else {
            throw CartError(.emptyCart, message: "a cart without items cannot be checked out")
        }
        try CartValidation.paymentReference(paymentReference)
        let address = try address.validated(field: "shippingAddress")
        var lines: [CheckoutLine] = []
        var subtotal = Money.zero(currency)
        for line in state.lines {
            let lineTotal = try line.lineTotal()
            subtotal = try subtotal.adding(lineTotal)
            lines.append(
                CheckoutLine(
                    sku: line.sku, name: line.name, unitPrice: line.unitPrice,
                    quantity: line.quantity, lineTotal: lineTotal))
        }
        return [
            .checkedOut(
                CartCheckedOut(
                    lines: lines, subtotal: subtotal, itemCount: state.itemCount,
                    paymentReference: paymentReference, shippingAddress: address))
        ]
    }

    static func abandon(reason: String, state: CartState) throws(CartError) -> [CartEvent] {
        try requireOpen(state)
        try CartValidation.length(reason, field: "reason")
        return [.abandoned(CartAbandoned(reason: reason))]
    }

    /// Throws unless the cart is open; returns its currency.
    @discardableResult
    private static func requireOpen(_ state: CartState) throws(CartError) -> Currency {
        switch state.status {
        case .none:
            throw CartError(.cartNotFound, message: "the cart does not exist")
        case .checkedOut:
            throw CartError(.cartCheckedOut, message: "the cart was checked out and cannot change")
        case .abandoned:
            throw CartError(.cartAbandoned, message: "the cart was abandoned and cannot change")
        case .open:
            guard let currency = state.currency else {
                preconditionFailure("an open cart always has a currency")
            }
            return currency
        }
    }

    private static func requireLine(_ sku: String, in state: CartState) throws(CartError) -> CartLine {
        guard let line = state.line(for: sku) else {
            throw CartError(.itemNotFound, field: "sku", message: "\(sku) is not in the cart")
        }
        return line
    }
}
