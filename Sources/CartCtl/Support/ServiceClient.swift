import ArgumentParser
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A small JSON-over-HTTP client for the services' admin endpoints, with errors that name the
/// address and carry the exit-status kind (unreachable, refused).
struct ServiceClient {
    let name: String
    let baseURL: URL
    let token: String?

    /// Sends a request and returns the decoded JSON object.
    func request(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> [String: Any] {
        let data = try await send(method, path, body: try body.map { try JSONSerialization.data(withJSONObject: $0) })
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    /// Sends a request without a body and decodes the answer as `T`.
    func request<T: Decodable>(_ method: String, _ path: String, as type: T.Type) async throws -> T {
        try decode(T.self, try await send(method, path, body: nil), method, path)
    }

    /// Sends a request with an encoded body and decodes the answer as `T`.
    func request<T: Decodable>(_ method: String, _ path: String, body: some Encodable, as type: T.Type) async throws -> T {
        try decode(T.self, try await send(method, path, body: try JSONEncoder().encode(body)), method, path)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ data: Data, _ method: String, _ path: String) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw CartCtlError(.failed, "\(name) at \(baseURL.absoluteString) answered \(method) \(path) with unexpected JSON: \(error)")
        }
    }

    private func send(_ method: String, _ path: String, body: Data?) async throws -> Data {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw CartCtlError(
                .serviceUnreachable,
                "cannot reach \(name) at \(baseURL.absoluteString) (\(error.localizedDescription)). Is the service running?")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            let detail = object["detail"] as? String ?? String(decoding: data, as: UTF8.self)
            if status == 401 || status == 403 {
                throw CartCtlError(
                    .adminRefused, "\(name) refused the admin call (HTTP \(status)): \(detail). Pass --token or set ADMIN_TOKEN.")
            }
            throw CartCtlError(.failed, "\(name) answered HTTP \(status) to \(method) \(path): \(detail)")
        }
        return data
    }

    /// Default local addresses of the services.
    static func defaultURL(for service: String) -> URL? {
        let ports = [
            "cart": 8080, "cart-service": 8080, "fraud": 8081, "fraud-service": 8081, "billing": 8082, "billing-service": 8082,
            "email": 8083, "email-service": 8083,
        ]
        guard let port = ports[service] else { return nil }
        return URL(string: "http://127.0.0.1:\(port)")
    }

    /// The canonical service name (`fraud` → `fraud-service`).
    static func canonical(_ service: String) -> String { service.hasSuffix("-service") ? service : "\(service)-service" }

    /// The admin token: `--token`, else `ADMIN_TOKEN`.
    static func token(_ option: String?) -> String? { option ?? CartCtlEnvironment.current.adminToken }

    /// Parses `NAME=URL` specifications (`--service` of lag, `--service-url` of dlq redrive), in the order given.
    static func targets(_ specifications: [String], option: String) throws -> [(name: String, url: URL)] {
        var targets: [(name: String, url: URL)] = []
        for spec in specifications {
            let parts = spec.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let url = URL(string: String(parts[1])), url.scheme != nil else {
                throw ValidationError("\(option) takes NAME=URL, such as billing=http://127.0.0.1:8082 (got \(spec))")
            }
            targets.append((canonical(String(parts[0])), url))
        }
        return targets
    }
}
