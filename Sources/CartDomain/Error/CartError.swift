/// Why a cart command, a money operation or an input value was rejected.
///
/// The one error type of the `CartDomain` module. It carries a stable
/// machine-readable ``code``, the offending ``field`` (a JSON path of the
/// request, e.g. `shippingAddress.country`) and a readable ``message``: exactly
/// what an HTTP layer needs for an `application/problem+json` body.
public struct CartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable error codes; the raw value is what goes on the wire.
    public enum Code: String, Sendable, CaseIterable {
        /// The cart does not exist (no `cart.created` yet).
        case cartNotFound = "cart_not_found"
        /// `createCart` on a cart that already exists.
        case cartAlreadyExists = "cart_already_exists"
        /// The cart was checked out; it accepts no more changes.
        case cartCheckedOut = "cart_checked_out"
        /// The cart was abandoned; it accepts no more changes.
        case cartAbandoned = "cart_abandoned"
        /// The SKU is not in the cart.
        case itemNotFound = "item_not_found"
        /// The SKU is already in the cart at a different unit price.
        case priceMismatch = "price_mismatch"
        /// The cart already holds the maximum number of distinct SKUs.
        case tooManyLines = "too_many_lines"
        /// Checkout of a cart without items.
        case emptyCart = "empty_cart"
        /// A quantity outside `1...999` (also after adding to an existing line).
        case quantityOutOfRange = "quantity_out_of_range"
        /// Amounts in different currencies were combined.
        case currencyMismatch = "currency_mismatch"
        /// A currency code that is not an active ISO 4217 code.
        case unknownCurrency = "unknown_currency"
        /// An amount does not fit into 64-bit minor units.
        case amountOverflow = "amount_overflow"
        /// An amount is negative or not a valid decimal for its currency.
        case invalidAmount = "invalid_amount"
        /// A string does not have the required format.
        case invalidFormat = "invalid_format"
        /// A string is empty or too long.
        case invalidLength = "invalid_length"
    }

    /// How an HTTP layer should classify the error.
    public enum Category: Sendable, Equatable {
        /// The input itself is invalid (HTTP 422 / 400).
        case validation
        /// The input is valid but conflicts with the cart's state (HTTP 409).
        case conflict
        /// The cart or the item does not exist (HTTP 404).
        case notFound
    }

    /// The stable error code.
    public let code: Code
    /// The offending input field, `nil` when the error concerns the whole cart.
    public let field: String?
    /// A readable explanation.
    public let message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: the stable code.
    ///   - field: the offending field, if any.
    ///   - message: a readable explanation.
    public init(_ code: Code, field: String? = nil, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    /// The error's category.
    public var category: Category {
        switch code {
        case .cartNotFound, .itemNotFound: .notFound
        case .cartAlreadyExists, .cartCheckedOut, .cartAbandoned, .priceMismatch,
            .tooManyLines, .emptyCart:
            .conflict
        case .quantityOutOfRange, .currencyMismatch, .unknownCurrency, .amountOverflow,
            .invalidAmount, .invalidFormat, .invalidLength:
            .validation
        }
    }

    /// `code`, field and message, e.g. `quantity_out_of_range (quantity): ...`.
    public var description: String {
        "\(code.rawValue)\(field.map { " (\($0))" } ?? ""): \(message)"
    }
}
