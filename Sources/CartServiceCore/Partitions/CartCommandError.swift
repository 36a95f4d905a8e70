import CartDomain
import HTTPTypes
import ServiceRuntime

/// Why a command was not applied, as the HTTP layer reports it.
enum CartCommandError: Error, Sendable {
    /// The domain refused it (validation, conflict, not found).
    case domain(CartError)
    /// `If-Match` named another version.
    case versionMismatch(expected: Int64, current: Int64)
    /// The cart does not exist.
    case cartNotFound(String)
    /// The broker did not acknowledge in time, or this instance cannot write the partition now.
    case unavailable(reason: String)
    /// The idempotency key was used for a different cart.
    case idempotencyKeyReused(key: String, cartID: String)

    /// The problem+json rendering.
    func problem(retryAfterSeconds: Int) -> ProblemDetails {
        switch self {
        case .domain(let error):
            let status: HTTPResponse.Status =
                switch error.category {
                case .validation: .unprocessableContent
                case .conflict: .conflict
                case .notFound: .notFound
                }
            return ProblemDetails(
                status: status, type: error.code.rawValue, title: "Command rejected", detail: error.message, field: error.field)
        case .versionMismatch(let expected, let current):
            return ProblemDetails(
                status: .conflict, type: "version_conflict", title: "The cart has changed",
                detail: "If-Match asked for version \(expected); the cart is at version \(current)", field: "If-Match",
                headers: ["ETag": "\"\(current)\""], extensions: ["currentVersion": "\(current)"])
        case .cartNotFound(let id):
            return ProblemDetails(
                status: .notFound, type: "cart_not_found", title: "No such cart", detail: "cart \(id) does not exist", field: "cartId")
        case .unavailable(let reason):
            return ProblemDetails(
                status: .serviceUnavailable, type: "event_store_unavailable", title: "The event store cannot take the command now",
                detail: "\(reason); nothing was recorded, retry later (with the same Idempotency-Key)",
                headers: ["Retry-After": "\(retryAfterSeconds)"])
        case .idempotencyKeyReused(let key, let cartID):
            return ProblemDetails(
                status: .unprocessableContent, type: "idempotency_key_reused", title: "Idempotency-Key already used",
                detail: "key \(key) belongs to a command on cart \(cartID)", field: "Idempotency-Key")
        }
    }
}
