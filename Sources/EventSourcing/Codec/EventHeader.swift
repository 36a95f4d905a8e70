/// Header names of the event record: CloudEvents 1.0 Kafka binary mode
/// (`ce_*`, `content-type`) plus CartStream's own `cartstream_*` extensions.
public enum EventHeader {
    /// CloudEvents spec version, always `1.0`.
    public static let specVersion = "ce_specversion"
    /// Event id (UUID).
    public static let id = "ce_id"
    /// The producing service, e.g. `/cartstream/cart-service`.
    public static let source = "ce_source"
    /// Event type, e.g. `cart.item_added`.
    public static let type = "ce_type"
    /// When the event occurred, RFC 3339 with milliseconds, UTC.
    public static let time = "ce_time"
    /// The stream id (cart id).
    public static let subject = "ce_subject"
    /// Always `application/json`.
    public static let contentType = "content-type"
    /// Per-stream sequence, decimal.
    public static let sequence = "cartstream_sequence"
    /// Payload schema version, decimal.
    public static let schemaVersion = "cartstream_schema_version"
    /// Correlation id (UUID); absent when there is none.
    public static let correlationID = "cartstream_correlation_id"
    /// Causation id (UUID); absent when there is none.
    public static let causationID = "cartstream_causation_id"
    /// Who caused the event.
    public static let actor = "cartstream_actor"

    /// The value of `ce_specversion`.
    public static let specVersionValue = "1.0"
    /// The value of `content-type`.
    public static let contentTypeValue = "application/json"
}
