import CartDomain
import EventSourcing
import Foundation
import HTTPTypes
import Hummingbird
import Kafka
import ServiceRuntime

/// The cart service's REST API (documented in `Resources/openapi.yaml`).
struct CartRoutes {
    /// Every route as (method, path template), the single list the router and the OpenAPI test use.
    static let table: [(method: HTTPRequest.Method, path: String)] = [
        (.post, "/carts"),
        (.get, "/carts/{cartId}"),
        (.get, "/carts/{cartId}/events"),
        (.post, "/carts/{cartId}/items"),
        (.patch, "/carts/{cartId}/items/{sku}"),
        (.delete, "/carts/{cartId}/items/{sku}"),
        (.post, "/carts/{cartId}/checkout"),
        (.post, "/carts/{cartId}/abandon"),
        (.get, "/openapi.yaml"),
    ]

    let handler: CartCommandHandler
    let configuration: CartServiceConfiguration

    func add(to router: Router<BasicRequestContext>) {
        router.post("/carts") { request, context in
            let body = try await decode(CreateCartRequest.self, from: request, context: context)
            let currency: Currency
            do throws(CartError) { currency = try Currency(code: body.currency) } catch {
                throw CartCommandError.domain(error).problem(retryAfterSeconds: configuration.retryAfterSeconds)
            }
            let cartID = body.cartId ?? UUID().uuidString.lowercased()
            let command = CartCommand.createCart(
                cartID: cartID, customerID: body.customerId, customerEmail: body.customerEmail, currency: currency)
            return try await run(command, name: "create_cart", cartID: cartID, request: request, created: true)
        }
        router.get("/carts/:cartId") { request, context in
            let cartID = try context.parameters.require("cartId")
            let record = try await lookup(cartID)
            let query = request.uri.queryParameters
            var state = record.state
            if let version = query.get("version") {
                guard let sequence = Int64(version), sequence >= 1 else {
                    throw badQuery("version", "must be a positive integer")
                }
                state = record.state(atSequence: sequence)
            } else if let at = query.get("at") {
                guard let milliseconds = RFC3339Timestamp.parseMilliseconds(String(at)) else {
                    throw badQuery("at", "must be an RFC 3339 time such as 2026-11-25T12:00:00Z")
                }
                state = record.state(at: Date(millisecondsSince1970: milliseconds))
            }
            guard state.status != .none else {
                throw ProblemDetails(
                    status: .notFound, type: "cart_not_yet_created", title: "The cart did not exist then",
                    detail: "cart \(cartID) has no events at that point", field: "cartId")
            }
            return OperationsRoutes.jsonResponse(CartResponse(cartID: cartID, state: state), headers: [.eTag: "\"\(state.version)\""])
        }
        router.get("/carts/:cartId/events") { _, context in
            let cartID = try context.parameters.require("cartId")
            let record = try await lookup(cartID)
            return OperationsRoutes.jsonResponse(CartHistoryResponse(cartId: cartID, events: record.history.map(CartHistoryEntry.init)))
        }
        router.post("/carts/:cartId/items") { request, context in
            let cartID = try context.parameters.require("cartId")
            let body = try await decode(AddItemRequest.self, from: request, context: context)
            let record = try await lookup(cartID)
            guard let currency = record.state.currency else { throw CartCommandError.cartNotFound(cartID).problem(retryAfterSeconds: 0) }
            let command = CartCommand.addItem(
                sku: body.sku, name: body.name, unitPrice: Money(minorUnits: body.unitPriceMinor, currency: currency),
                quantity: body.quantity)
            return try await run(command, name: "add_item", cartID: cartID, request: request)
        }
        router.patch("/carts/:cartId/items/:sku") { request, context in
            let cartID = try context.parameters.require("cartId")
            let sku = try context.parameters.require("sku")
            let body = try await decode(ChangeQuantityRequest.self, from: request, context: context)
            return try await run(
                .changeItemQuantity(sku: sku, quantity: body.quantity), name: "change_quantity", cartID: cartID, request: request)
        }
        router.delete("/carts/:cartId/items/:sku") { request, context in
            let cartID = try context.parameters.require("cartId")
            let sku = try context.parameters.require("sku")
            return try await run(.removeItem(sku: sku), name: "remove_item", cartID: cartID, request: request)
        }
        router.post("/carts/:cartId/checkout") { request, context in
            let cartID = try context.parameters.require("cartId")
            let body = try await decode(CheckoutRequest.self, from: request, context: context)
            return try await run(
                .checkout(paymentReference: body.paymentReference, shippingAddress: body.shippingAddress), name: "checkout", cartID: cartID,
                request: request)
        }
        router.post("/carts/:cartId/abandon") { request, context in
            let cartID = try context.parameters.require("cartId")
            let body =
                try await decode(AbandonRequest.self, from: request, context: context, allowEmpty: true) ?? AbandonRequest(reason: nil)
            return try await run(.abandon(reason: body.reason ?? "customer"), name: "abandon", cartID: cartID, request: request)
        }
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(bytes: CartServiceOpenAPI.document)))
        }
    }

    private func lookup(_ cartID: String) async throws -> CartRecord {
        do { return try await handler.record(cartID) } catch { throw error.problem(retryAfterSeconds: configuration.retryAfterSeconds) }
    }

    private func run(_ command: CartCommand, name: String, cartID: String, request: Request, created: Bool = false) async throws -> Response
    {
        let trace = TraceContext.continuing(request.headers[HTTPField.Name("traceparent")!])
        let commandRequest = CartCommandRequest(
            cartID: cartID, command: command, expectedVersion: try expectedVersion(request),
            idempotencyKey: request.headers[HTTPField.Name("Idempotency-Key")!],
            actor: request.headers[HTTPField.Name("X-Actor")!] ?? "anonymous",
            correlationID: request.headers[HTTPField.Name("X-Correlation-ID")!].flatMap(UUID.init(uuidString:)) ?? UUID(),
            extraHeaders: [KafkaHeader(name: CartEventHeaders.traceparent, string: trace.traceparent)],
            name: name, trace: trace)
        let outcome: CartCommandOutcome
        do { outcome = try await handler.execute(commandRequest) } catch {
            throw error.problem(retryAfterSeconds: configuration.retryAfterSeconds)
        }
        var headers: HTTPFields = [.eTag: "\"\(outcome.state.version)\"", HTTPField.Name("traceparent")!: trace.traceparent]
        if outcome.replayed { headers[HTTPField.Name("Idempotent-Replayed")!] = "true" }
        if outcome.created { headers[.location] = "/carts/\(cartID)" }
        return OperationsRoutes.jsonResponse(
            CartResponse(cartID: cartID, state: outcome.state), status: outcome.created ? .created : .ok, headers: headers)
    }

    /// `If-Match: "3"` → 3; absent or `*` → nil; anything else is a 400.
    private func expectedVersion(_ request: Request) throws -> Int64? {
        guard var value = request.headers[.ifMatch]?.trimmingCharacters(in: .whitespaces), value != "*" else { return nil }
        if value.hasPrefix("W/") { value.removeFirst(2) }
        value = value.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int64(value), version >= 0 else {
            throw ProblemDetails(
                status: .badRequest, type: "invalid_if_match", title: "Invalid If-Match", detail: "If-Match must be an ETag such as \"3\"",
                field: "If-Match")
        }
        return version
    }

    private func badQuery(_ name: String, _ reason: String) -> ProblemDetails {
        ProblemDetails(
            status: .badRequest, type: "invalid_query", title: "Invalid query parameter", detail: "\(name) \(reason)", field: name)
    }

    private func decode<T: Decodable>(_ type: T.Type, from request: Request, context: BasicRequestContext) async throws -> T {
        guard let value = try await decode(type, from: request, context: context, allowEmpty: false) else {
            throw ProblemDetails(status: .badRequest, type: "missing_body", title: "Missing body", detail: "this command needs a JSON body")
        }
        return value
    }

    private func decode<T: Decodable>(_ type: T.Type, from request: Request, context: BasicRequestContext, allowEmpty: Bool) async throws
        -> T?
    {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: configuration.maxBodyBytes) } catch {
            throw ProblemDetails(
                status: .contentTooLarge, type: "body_too_large", title: "Body too large",
                detail: "request bodies may have at most \(configuration.maxBodyBytes) bytes")
        }
        if buffer.readableBytes == 0 && allowEmpty { return nil }
        if let contentType = request.headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw ProblemDetails(
                status: .unsupportedMediaType, type: "unsupported_media_type", title: "Unsupported media type",
                detail: "send application/json, not \(contentType)")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.keyNotFound(key, context) {
            throw problem(field: path(context.codingPath + [key]), "is required")
        } catch let DecodingError.typeMismatch(expected, context) {
            throw problem(field: path(context.codingPath), "must be \(describe(expected))")
        } catch let DecodingError.valueNotFound(expected, context) {
            throw problem(field: path(context.codingPath), "must be \(describe(expected)), not null")
        } catch DecodingError.dataCorrupted(let context) {
            if context.codingPath.isEmpty {
                throw ProblemDetails(
                    status: .badRequest, type: "malformed_json", title: "Malformed JSON", detail: "the body is not valid JSON")
            }
            throw problem(field: path(context.codingPath), context.debugDescription)
        }
    }

    private func problem(field: String, _ reason: String) -> ProblemDetails {
        ProblemDetails(
            status: .badRequest, type: "invalid_field", title: "Invalid request body", detail: "\(field) \(reason)", field: field)
    }

    private func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    private func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Bool.Type: "a boolean"
        default: "\(type)"
        }
    }
}
