/// A cart rebuilt from its events.
///
/// `lines` keeps insertion order (the order customers see) and SKUs are
/// unique in it; with at most ``CartValidation/maximumLines`` lines a linear
/// lookup is the simplest correct index.
public struct CartState: Sendable, Codable, Equatable {
    /// The version of this type's encoded shape, for snapshots.
    public static let snapshotSchemaVersion = 1

    /// The life-cycle status.
    public var status: CartStatus
    /// The cart id, once created.
    public var cartID: String?
    /// The owning customer, once created.
    public var customer: CartCustomer?
    /// The cart currency, once created.
    public var currency: Currency?
    /// The lines in insertion order, unique by SKU.
    public private(set) var lines: [CartLine]
    /// The number of events applied, equal to the last sequence because
    /// sequences start at 1 without gaps.
    public var version: Int64

    /// Creates a state.
    /// - Parameters:
    ///   - status: the status.
    ///   - cartID: the cart id.
    ///   - customer: the customer.
    ///   - currency: the currency.
    ///   - lines: the lines (SKUs must be unique).
    ///   - version: the last applied sequence.
    public init(
        status: CartStatus = .none, cartID: String? = nil, customer: CartCustomer? = nil,
        currency: Currency? = nil, lines: [CartLine] = [], version: Int64 = 0
    ) {
        self.status = status
        self.cartID = cartID
        self.customer = customer
        self.currency = currency
        self.lines = lines
        self.version = version
    }

    /// The state of a cart that does not exist yet.
    public static let empty = CartState()

    /// The line for `sku`, if present.
    /// - Parameter sku: the SKU.
    public func line(for sku: String) -> CartLine? {
        lines.first { $0.sku == sku }
    }

    /// Sum of all quantities.
    public var itemCount: Int {
        lines.reduce(0) { $0 + $1.quantity }
    }

    /// Sum of all line totals in the cart currency (`nil` before creation).
    public func subtotal() throws(CartError) -> Money? {
        guard let currency else { return nil }
        var total = Money.zero(currency)
        for line in lines { total = try total.adding(line.lineTotal()) }
        return total
    }

    /// Inserts a line or, when the SKU exists, adds to its quantity.
    mutating func add(_ line: CartLine) {
        if let index = lines.firstIndex(where: { $0.sku == line.sku }) {
            lines[index].quantity += line.quantity
        } else {
            lines.append(line)
        }
    }

    /// Sets the quantity of an existing line.
    mutating func setQuantity(_ quantity: Int, for sku: String) {
        if let index = lines.firstIndex(where: { $0.sku == sku }) {
            lines[index].quantity = quantity
        }
    }

    /// Removes a line.
    mutating func remove(sku: String) {
        lines.removeAll { $0.sku == sku }
    }
}
