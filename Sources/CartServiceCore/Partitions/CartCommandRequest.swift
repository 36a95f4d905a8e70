import CartDomain
import Foundation
import Kafka
import ServiceRuntime

/// A command with its HTTP context.
struct CartCommandRequest: Sendable {
    var cartID: String
    var command: CartCommand
    /// The version `If-Match` asked for, if any.
    var expectedVersion: Int64?
    var idempotencyKey: String?
    var actor: String
    var correlationID: UUID?
    /// Headers to carry onto every record (trace context).
    var extraHeaders: [KafkaHeader]
    /// A short name for metrics (`add_item`).
    var name: String
    /// This command's span of the request's trace.
    var trace: TraceContext
}

/// What a command did.
struct CartCommandOutcome: Sendable {
    var cartID: String
    var state: CartState
    /// The command created the cart.
    var created: Bool
    /// An earlier command with the same `Idempotency-Key` answered.
    var replayed: Bool
    /// Events appended by this call.
    var appended: Int
}
