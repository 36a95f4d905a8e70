/// Every fact that can happen to a cart.
public enum CartEvent: Sendable, Equatable {
    /// `cart.created`.
    case created(CartCreated)
    /// `cart.item_added`.
    case itemAdded(CartItemAdded)
    /// `cart.item_quantity_changed`.
    case itemQuantityChanged(CartItemQuantityChanged)
    /// `cart.item_removed`.
    case itemRemoved(CartItemRemoved)
    /// `cart.checked_out`.
    case checkedOut(CartCheckedOut)
    /// `cart.abandoned`.
    case abandoned(CartAbandoned)

    /// Every payload type, for registries and tests.
    public static let payloadTypes: [any CartEventPayload.Type] = [
        CartCreated.self, CartItemAdded.self, CartItemQuantityChanged.self,
        CartItemRemoved.self, CartCheckedOut.self, CartAbandoned.self,
    ]

    /// The payload, type-erased.
    public var payload: any CartEventPayload {
        switch self {
        case .created(let p): p
        case .itemAdded(let p): p
        case .itemQuantityChanged(let p): p
        case .itemRemoved(let p): p
        case .checkedOut(let p): p
        case .abandoned(let p): p
        }
    }

    /// The event type name, e.g. `cart.item_added`.
    public var eventType: String { type(of: payload).eventType }

    /// The current schema version of this event's type.
    public var schemaVersion: Int { type(of: payload).schemaVersion }
}
