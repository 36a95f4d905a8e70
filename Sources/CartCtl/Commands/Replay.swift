import ArgumentParser
import Foundation

/// `cartctl replay <service> --from ...`: rebuild a service's read model, with progress.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild a service's read model from the topic; the service answers from the old model until the new one caught up.")

    @Argument(help: "fraud, billing or email.") var service: String
    @Option(help: "beginning | offsets:PARTITION=OFFSET,... | timestamp:RFC3339") var from: String = "beginning"
    @Option(help: "The service's base URL (default http://127.0.0.1:<its port>).") var url: String?
    @Option(help: "Admin bearer token (ADMIN_TOKEN).") var token: String?
    @Option(help: "Give up waiting after this many seconds.") var timeout: Double = 600

    func run() async throws {
        let name = ServiceClient.canonical(service)
        guard let base = url.flatMap(URL.init(string:)) ?? ServiceClient.defaultURL(for: service) else {
            throw ValidationError("unknown service \(service): use fraud, billing or email, or pass --url")
        }
        let client = ServiceClient(name: name, baseURL: base, token: ServiceClient.token(token))
        _ = try await client.request("POST", "/admin/replay", body: try Self.body(from: from))
        print("replay of \(name) started from \(from)")
        let started = Date()
        var progress = ProgressReporter()
        while Date().timeIntervalSince(started) < timeout {
            let status = try await client.request("GET", "/admin/replay")
            let applied = (status["applied"] as? Int) ?? (status["eventsApplied"] as? Int) ?? 0
            let target = (status["target"] as? Int) ?? (status["totalEvents"] as? Int) ?? 0
            let state = status["state"] as? String ?? "running"
            let elapsed = max(Date().timeIntervalSince(started), 0.001)
            let rate = Double(applied) / elapsed
            let eta = rate > 0 && target > applied ? String(format: "%.0fs", Double(target - applied) / rate) : "-"
            let finished = state == "completed" || state == "done" || state == "idle" && applied > 0 || state == "failed"
            progress.report(applied: applied, target: target, rate: rate, eta: eta, state: state, final: finished)
            if state == "failed" {
                throw CartCtlError(.failed, "replay of \(name) failed: \(status["error"] as? String ?? "unknown error")")
            }
            if finished {
                print("replay of \(name) completed in \(String(format: "%.1f", elapsed)) s")
                return
            }
            try await Task.sleep(for: .milliseconds(300))
        }
        throw CartCtlError(.failed, "replay of \(name) did not finish within \(Int(timeout)) s")
    }

    /// The admin request body for a `--from` value.
    static func body(from: String) throws -> [String: Any] {
        if from == "beginning" { return ["from": "beginning"] }
        if from.hasPrefix("timestamp:") { return ["from": "timestamp", "timestamp": String(from.dropFirst("timestamp:".count))] }
        if from.hasPrefix("offsets:") {
            var offsets: [String: Int] = [:]
            for pair in from.dropFirst("offsets:".count).split(separator: ",") {
                let parts = pair.split(separator: "=")
                guard parts.count == 2, let offset = Int(parts[1]), Int(parts[0]) != nil else {
                    throw ValidationError("--from offsets:PARTITION=OFFSET,... (got \(pair))")
                }
                offsets[String(parts[0])] = offset
            }
            return ["from": "offsets", "offsets": offsets]
        }
        throw ValidationError("--from takes beginning, offsets:P=O,... or timestamp:RFC3339")
    }
}
