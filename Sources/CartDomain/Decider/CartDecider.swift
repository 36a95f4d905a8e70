public import EventSourcing

/// The cart aggregate as a ``Decider``: validates commands against a
/// ``CartState`` and folds ``CartEvent``s into it.
///
/// Invariants enforced by `decide`:
/// - a cart is created once; every other command needs an open cart, and a
///   checked-out or abandoned cart accepts nothing (`cart_checked_out`,
///   `cart_abandoned`);
/// - quantities are `1...999`, also after adding a SKU that is already in the
///   cart (which emits `cart.item_quantity_changed`, and requires the same unit
///   price, else `price_mismatch`);
/// - unit prices are non-negative and in the cart currency;
/// - at most ``CartValidation/maximumLines`` distinct SKUs;
/// - changing or removing needs the SKU to be in the cart; changing to the
///   current quantity is an idempotent no-op (no events);
/// - checkout needs at least one line, a payment reference and a valid
///   address; totals are computed in integer minor units with overflow checks.
public enum CartDecider: Decider {
    /// The cart's state.
    public typealias State = CartState
    /// The cart's commands.
    public typealias Command = CartCommand
    /// The cart's events.
    public typealias Event = CartEvent
    /// Why a command was rejected.
    public typealias Failure = CartError

    /// A cart that does not exist yet.
    public static var initialState: CartState { .empty }

    /// Decides the events for a command; see the type's invariants.
    /// - Parameters:
    ///   - command: the command.
    ///   - state: the cart's current state.
    public static func decide(_ command: CartCommand, state: CartState) throws(CartError) -> [CartEvent] {
        switch command {
        case .createCart(let cartID, let customerID, let customerEmail, let currency):
            return try createCart(
                cartID: cartID, customerID: customerID,
                customerEmail: customerEmail, currency: currency, state: state)
        case .addItem(let sku, let name, let unitPrice, let quantity):
            return try addItem(sku: sku, name: name, unitPrice: unitPrice, quantity: quantity, state: state)
        case .changeItemQuantity(let sku, let quantity):
            return try changeItemQuantity(sku: sku, quantity: quantity, state: state)
        case .removeItem(let sku):
            return try removeItem(sku: sku, state: state)
        case .checkout(let paymentReference, let shippingAddress):
            return try checkout(paymentReference: paymentReference, address: shippingAddress, state: state)
        case .abandon(let reason):
            return try abandon(reason: reason, state: state)
        }
    }

    /// Applies one event; never fails (events are facts).
    /// - Parameters:
    ///   - state: the state before.
    ///   - event: the event.
    public static func evolve(_ state: CartState, _ event: CartEvent) -> CartState {
        var state = state
        switch event {
        case .created(let e):
            state.status = .open
            state.cartID = e.cartID
            state.customer = CartCustomer(id: e.customerID, email: e.customerEmail)
            state.currency = e.currency
        case .itemAdded(let e):
            state.add(CartLine(sku: e.sku, name: e.name, unitPrice: e.unitPrice, quantity: e.quantity))
        case .itemQuantityChanged(let e):
            state.setQuantity(e.toQuantity, for: e.sku)
        case .itemRemoved(let e):
            state.remove(sku: e.sku)
        case .checkedOut:
            state.status = .checkedOut
        case .abandoned:
            state.status = .abandoned
        }
        state.version += 1
        return state
    }
}
