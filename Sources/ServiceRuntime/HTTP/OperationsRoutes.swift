import Foundation
public import Hummingbird
public import Prometheus

/// `/health/live`, `/health/ready` and `/metrics` for any Hummingbird router.
public enum OperationsRoutes {
    /// Adds the three operational endpoints.
    /// - Parameters:
    ///   - router: the service's router.
    ///   - health: the service's health monitor.
    ///   - registry: the Prometheus registry to expose.
    public static func add<Context: RequestContext>(
        to router: Router<Context>, health: HealthMonitor, registry: PrometheusCollectorRegistry = MetricsBootstrap.registry
    ) {
        router.get("/health/live") { _, _ -> Response in
            let alive = health.isAlive
            return jsonResponse(health.readiness(), status: alive ? .ok : .serviceUnavailable)
        }
        router.get("/health/ready") { _, _ -> Response in
            let report = health.readiness()
            return jsonResponse(report, status: report.status == "ok" ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ -> Response in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }

    /// Encodes `value` as a JSON response.
    public static func jsonResponse<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601DateFormatter.cartstream.string(from: date))
        }
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
