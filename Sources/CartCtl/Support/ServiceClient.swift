import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small JSON-over-HTTP client for the services' admin endpoints, with errors that name the address.
struct ServiceClient {
    let name: String
    let baseURL: URL
    let token: String?

    /// Sends a request and returns the decoded JSON object.
    func request(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> [String: Any] {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = method
        request.timeoutInterval = 10
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw CartCtlError("cannot reach \(name) at \(baseURL.absoluteString) (\(error.localizedDescription)). Is the service running?")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        guard (200..<300).contains(status) else {
            let detail = object["detail"] as? String ?? String(decoding: data, as: UTF8.self)
            if status == 401 || status == 403 {
                throw CartCtlError("\(name) refused the admin call (HTTP \(status)): \(detail). Pass --token or set ADMIN_TOKEN.")
            }
            throw CartCtlError("\(name) answered HTTP \(status) to \(method) \(path): \(detail)")
        }
        return object
    }

    /// Default local addresses of the services.
    static func defaultURL(for service: String) -> URL? {
        let ports = ["cart": 8080, "cart-service": 8080, "fraud": 8081, "fraud-service": 8081, "billing": 8082, "billing-service": 8082, "email": 8083, "email-service": 8083]
        guard let port = ports[service] else { return nil }
        return URL(string: "http://127.0.0.1:\(port)")
    }

    /// The canonical service name (`fraud` → `fraud-service`).
    static func canonical(_ service: String) -> String { service.hasSuffix("-service") ? service : "\(service)-service" }
}
