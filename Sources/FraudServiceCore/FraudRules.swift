/// Thresholds and weights of the fraud rules. Windows are in event time (`occurredAt`).
public struct FraudRules: Sendable, Equatable {
    /// A checkout subtotal at or above this many minor units is flagged `high_cart_value` (`FRAUD_HIGH_VALUE_MINOR`, default 50000).
    public var highCartValueMinorUnits: Int64 = 50_000
    /// The sliding window for per-customer counts (`FRAUD_WINDOW_SECONDS`, default 3600).
    public var customerWindowSeconds: Int64 = 3600
    /// More carts than this in the window: `too_many_carts` (`FRAUD_MAX_CARTS`, default 3).
    public var maxCartsPerWindow = 3
    /// More checkouts than this in the window: `too_many_checkouts` (`FRAUD_MAX_CHECKOUTS`, default 2).
    public var maxCheckoutsPerWindow = 2
    /// More distinct shipping addresses than this in the window: `many_shipping_addresses` (`FRAUD_MAX_ADDRESSES`, default 1).
    public var maxShippingAddressesPerWindow = 1
    /// More distinct payment references than this in the window: `many_payment_references` (`FRAUD_MAX_PAYMENT_REFS`, default 1).
    public var maxPaymentReferencesPerWindow = 1
    /// How far before a checkout quantity changes and removals count (`FRAUD_CHURN_WINDOW_SECONDS`, default 600).
    public var churnWindowSeconds: Int64 = 600
    /// At least this many changes/removals in that window: `churn_before_checkout` (`FRAUD_MIN_CHURN`, default 4).
    public var minChangesBeforeCheckout = 4

    /// Score added by each flag (a subject's score is the sum, capped at 100).
    public static let weights: [String: Int] = [
        "high_cart_value": 40, "too_many_carts": 20, "too_many_checkouts": 30,
        "many_shipping_addresses": 30, "many_payment_references": 35, "churn_before_checkout": 25,
    ]

    /// Default rules.
    public init() {}
}
