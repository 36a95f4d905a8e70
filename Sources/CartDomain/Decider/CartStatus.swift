/// Where a cart is in its life.
public enum CartStatus: String, Sendable, Codable, Equatable {
    /// No `cart.created` yet.
    case none
    /// Created and accepting changes.
    case open
    /// Checked out; closed.
    case checkedOut
    /// Abandoned; closed.
    case abandoned
}
