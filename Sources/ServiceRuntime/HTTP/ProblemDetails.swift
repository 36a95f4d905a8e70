import Foundation
public import HTTPTypes
public import Hummingbird

/// An RFC 9457 `application/problem+json` error: thrown from a route, it becomes a 4xx/5xx
/// response naming what was wrong (and which field, when one is at fault).
public struct ProblemDetails: HTTPResponseError, Codable, Sendable, Equatable {
    /// HTTP status code.
    public var statusCode: Int
    /// A stable, machine-readable problem code (for example `quantity_out_of_range`).
    public var type: String
    /// A short summary.
    public var title: String
    /// What exactly was wrong.
    public var detail: String
    /// The request field at fault, if any (`items[0].quantity`).
    public var field: String?
    /// Extra headers (for example `Retry-After`, `ETag`).
    public var extraHeaders: [String: String] = [:]
    /// Additional values for the client (for example the current cart version).
    public var extensions: [String: String]

    /// Creates a problem.
    /// - Parameters:
    ///   - status: HTTP status.
    ///   - type: stable problem code.
    ///   - title: summary.
    ///   - detail: explanation.
    ///   - field: offending field.
    ///   - headers: extra response headers.
    ///   - extensions: extra members of the body.
    public init(
        status: HTTPResponse.Status, type: String, title: String, detail: String, field: String? = nil,
        headers: [String: String] = [:], extensions: [String: String] = [:]
    ) {
        self.statusCode = status.code
        self.type = type
        self.title = title
        self.detail = detail
        self.field = field
        self.extraHeaders = headers
        self.extensions = extensions
    }

    public var status: HTTPResponse.Status { .init(code: statusCode) }

    enum CodingKeys: String, CodingKey {
        case statusCode = "status"
        case type, title, detail, field, extensions
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(self)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        for (name, value) in extraHeaders {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
