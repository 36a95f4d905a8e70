public import EventSourcing

/// The cart events' registry for ``EventCodec``: type names, current versions,
/// upcasters and JSON mapping of ``CartEvent``.
public enum CartEventRegistry: EventRegistry {
    /// Current versions of all cart event types plus their upcasters.
    public static let schemas = UpcasterChain(
        currentVersions: Dictionary(
            uniqueKeysWithValues: CartEvent.payloadTypes.map { ($0.eventType, $0.schemaVersion) }),
        upcasters: [CartItemAddedUpcaster.v1ToV2]
    )

    /// The event's type name.
    /// - Parameter event: the event.
    public static func eventType(of event: CartEvent) -> String {
        event.eventType
    }

    /// The event's payload as JSON in its current version.
    /// - Parameter event: the event.
    public static func payload(of event: CartEvent) -> JSONValue {
        do {
            return try JSONValue(encoding: event.payload)
        } catch {
            // Cart payloads hold only strings, integers and nested structs of
            // them; JSONEncoder cannot fail on them.
            preconditionFailure("cart event \(event.eventType) failed to encode: \(error)")
        }
    }

    /// Builds a cart event from a current-version payload.
    /// - Parameters:
    ///   - payload: the payload.
    ///   - eventType: the event type name.
    public static func event(from payload: JSONValue, eventType: String) throws -> CartEvent {
        switch eventType {
        case CartCreated.eventType: .created(try payload.decode(CartCreated.self))
        case CartItemAdded.eventType: .itemAdded(try payload.decode(CartItemAdded.self))
        case CartItemQuantityChanged.eventType: .itemQuantityChanged(try payload.decode(CartItemQuantityChanged.self))
        case CartItemRemoved.eventType: .itemRemoved(try payload.decode(CartItemRemoved.self))
        case CartCheckedOut.eventType: .checkedOut(try payload.decode(CartCheckedOut.self))
        case CartAbandoned.eventType: .abandoned(try payload.decode(CartAbandoned.self))
        default: throw EventDecodingError.unknownEventType(eventType)
        }
    }
}

/// The codec for cart events.
public typealias CartEventCodec = EventCodec<CartEventRegistry>

extension EventCodec where Registry == CartEventRegistry {
    /// The default `ce_source` of the cart service.
    public static let defaultCartSource = "/cartstream/cart-service"

    /// A cart event codec with the default source.
    public static var cart: CartEventCodec { CartEventCodec(source: defaultCartSource) }
}
