public import Hummingbird

/// Requires `Authorization: Bearer <token>` on the routes it wraps (admin actions).
public struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    private let token: String

    /// Creates the middleware.
    /// - Parameter token: the expected token; an empty token rejects every request.
    public init(token: String) { self.token = token }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !token.isEmpty else {
            throw ProblemDetails(
                status: .forbidden, type: "admin_disabled", title: "Admin actions are disabled", detail: "set ADMIN_TOKEN to enable them")
        }
        guard let header = request.headers[.authorization], header == "Bearer \(token)" else {
            throw ProblemDetails(
                status: .unauthorized, type: "unauthorized", title: "Missing or wrong bearer token",
                detail: "admin actions need Authorization: Bearer <ADMIN_TOKEN>", headers: ["WWW-Authenticate": "Bearer"])
        }
        return try await next(request, context)
    }
}
