import Foundation
import Kafka
import Logging
import SMTPSink
import ServiceLifecycle

#if canImport(FoundationNetworking)
    import FoundationNetworking
    import NIOConcurrencyHelpers
#endif

/// Waits for every service to be ready, optionally drives demo traffic, and prints what
/// each service has built, live, until shutdown.
struct LocalConsole: Service {
    let services: LocalServices
    let sink: SMTPSink
    let logger: Logger
    let demo: DemoTraffic?
    let exitAfterDemo: Bool

    func run() async throws {
        try await waitUntilReady()
        say("all services ready")
        guard let demo else {
            try await gracefulShutdown()
            return
        }
        let finished = NIOLockedValueBox<DemoTraffic.Summary?>(nil)
        let traffic = Task {
            let summary = await demo.run { summary in
                if summary.commands % 100 == 0 { say("demo: \(summary.commands) commands sent") }
            }
            finished.withLockedValue { $0 = summary }
        }
        var summary: DemoTraffic.Summary?
        var lastLine = ""
        while !Task.isCancelledOrShuttingDown {
            if summary == nil, let done = finished.withLockedValue({ $0 }) {
                summary = done
                say(
                    "demo traffic sent: \(summary!.commands) commands (\(summary!.failed) failed), \(summary!.checkouts) checkouts, \(summary!.abandoned) abandoned, \(summary!.open) left open"
                )
            }
            let line = await statusLine()
            if line != lastLine {
                say(line)
                lastLine = line
            }
            if exitAfterDemo, let summary, await caughtUp(checkouts: summary.checkouts) {
                say(await statusLine())
                say("demo processed by every service; stopping")
                return
            }
            try? await Task.sleep(for: .seconds(2))
        }
        traffic.cancel()
    }

    private func waitUntilReady() async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        for service in services.all {
            while await status(of: service, path: "/health/ready") != 200 {
                guard ContinuousClock.now < deadline else {
                    throw LauncherError("\(service.name) did not become ready on port \(service.port) within 120 s; see its log")
                }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    /// One line: commands, events applied per consumer, dead letters, mails.
    private func statusLine() async -> String {
        let cart = await metrics(of: services.cart)
        var parts = ["commands ok: \(Int(sum(cart, "cart_commands_total", containing: "outcome=\"ok\"")))"]
        for service in [services.fraud, services.billing, services.email] {
            let values = await metrics(of: service)
            let applied = Int(sum(values, "consumer_events_applied_total"))
            let dead = Int(sum(values, "consumer_dead_lettered_total"))
            parts.append(
                "\(service.name.replacingOccurrences(of: "-service", with: "")): \(applied) events"
                    + (dead > 0 ? ", \(dead) dead-lettered" : ""))
        }
        parts.append("mails: \(sink.messages.count)")
        return parts.joined(separator: " | ")
    }

    private func caughtUp(checkouts: Int) async -> Bool {
        let cartEvents = sum(await metrics(of: services.cart), "cart_commands_total", containing: "outcome=\"ok\"")
        guard cartEvents > 0 else { return false }
        for service in [services.fraud, services.billing, services.email] {
            let values = await metrics(of: service)
            if sum(values, "consumer_lag_messages") > 0 { return false }
            if sum(values, "consumer_events_applied_total") == 0 { return false }
        }
        return sink.messages.count >= checkouts
    }

    private func status(of service: LocalServices.Entry, path: String) async -> Int {
        guard let url = URL(string: "http://127.0.0.1:\(service.port)\(path)"),
            let (_, response) = try? await URLSession.shared.data(from: url)
        else { return 0 }
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    private func metrics(of service: LocalServices.Entry) async -> [String] {
        guard let url = URL(string: "http://127.0.0.1:\(service.port)/metrics"),
            let (data, _) = try? await URLSession.shared.data(from: url)
        else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    private func sum(_ lines: [String], _ metric: String, containing filter: String? = nil) -> Double {
        lines.filter { ($0.hasPrefix(metric + "{") || $0.hasPrefix(metric + " ")) && (filter.map($0.contains) ?? true) }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .reduce(0, +)
    }
}

extension Task where Success == Never, Failure == Never {
    /// True when the current task is cancelled or its service group is shutting down.
    static var isCancelledOrShuttingDown: Bool { Task.isCancelled || Task.isShuttingDownGracefully }
}

/// A launcher failure with a readable message.
struct LauncherError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
