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
        guard let header = request.headers[.authorization], Self.constantTimeEquals(header, "Bearer \(token)") else {
            throw ProblemDetails(
                status: .unauthorized, type: "unauthorized", title: "Missing or wrong bearer token",
                detail: "admin actions need Authorization: Bearer <ADMIN_TOKEN>", headers: ["WWW-Authenticate": "Bearer"])
        }
        return try await next(request, context)
    }

    /// Compares in time that depends only on the longer input's length, not on where the first
    /// difference is, so response times do not reveal the token byte by byte.
    static func constantTimeEquals(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        var difference: UInt8 = a.count == b.count ? 0 : 1
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
