import Foundation
import Testing

@Suite("The one-command local system and cartctl", .serialized)
struct LocalSystemTests {
    @Test("cartstream --demo starts everything, takes traffic, every service builds its model, and it stops cleanly")
    func demoRunsAndStops() async throws {
        let base = LocalSystem.freeBasePort()
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("cartstream-\(UUID().uuidString.prefix(6))").path
        let system = try RunningProcess(
            "cartstream",
            [
                "--demo", "--carts", "30", "--exit-after-demo", "--base-port", "\(base)", "--smtp-port", "\(LocalSystem.freePort())",
                "--partitions", "6", "--data-dir", data,
            ])
        let status = await system.waitForExit(timeout: .seconds(240))
        let output = system.output
        #expect(status == 0, "exit status \(String(describing: status)); output:\n\(output)")
        #expect(output.contains("all services ready"))
        #expect(output.contains("demo processed by every service; stopping"), "\(output)")
        #expect(output.contains("CartStream stopped."))
        for service in ["cart-service", "fraud-service", "billing-service", "email-service"] {
            #expect(output.contains("stopped \(service) (exited with status 0)"), "\(service) stops gracefully on SIGTERM, not killed")
        }
        let mails = (try? FileManager.default.contentsOfDirectory(atPath: data + "/mail")) ?? []
        #expect(!mails.isEmpty, "the email service delivered confirmations to the SMTP sink")
        try? FileManager.default.removeItem(atPath: data)
    }

    @Test("cartstream --bootstrap-servers runs the system on a cluster it did not start, and hands --kafka-property to every service")
    func externalCluster() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("cartstream-ext-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: data) }
        // Another process's cluster; the mock answers no CreateTopics, so the topics exist up front.
        let bootstrapFile = data.appendingPathComponent("bootstrap").path
        let cluster = try RunningProcess(
            "kafka-mock",
            [
                "--brokers", "1", "--topic", "cart-events:4", "--topic", "cart-events.dlq:3", "--topic", "cart-events.snapshots:1",
                "--bootstrap-file", bootstrapFile,
            ])
        defer { cluster.stop() }
        var servers = ""
        let deadline = ContinuousClock.now + .seconds(30)
        while servers.isEmpty, ContinuousClock.now < deadline {
            servers = ((try? String(contentsOfFile: bootstrapFile, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if servers.isEmpty { try await Task.sleep(for: .milliseconds(200)) }
        }
        try #require(!servers.isEmpty, "kafka-mock wrote no bootstrap file: \(cluster.output)")
        let system = try RunningProcess(
            "cartstream",
            [
                "--demo", "--carts", "12", "--exit-after-demo", "--base-port", "\(LocalSystem.freeBasePort())", "--smtp-port",
                "\(LocalSystem.freePort())", "--partitions", "4", "--data-dir", data.appendingPathComponent("local").path,
                "--bootstrap-servers", servers, "--kafka-property", "socket.keepalive.enable=true",
            ])
        let status = await system.waitForExit(timeout: .seconds(240))
        let output = system.output
        #expect(status == 0, "exit status \(String(describing: status)); output:\n\(output)")
        #expect(output.contains("CartStream is starting on the Kafka cluster at \(servers)"), "\(output)")
        #expect(output.contains("demo processed by every service; stopping"), "\(output)")
        for service in ["cart-service", "fraud-service", "billing-service", "email-service"] {
            let log = (try? String(contentsOfFile: data.appendingPathComponent("local/logs/\(service).log").path, encoding: .utf8)) ?? ""
            #expect(
                log.contains("socket.keepalive.enable=true") && log.contains("bootstrap.servers=\(servers)"),
                "\(service) log:\n\(log.prefix(2000))")
        }
    }

    @Test("cartctl against a running system: tail, history, as-of, topics, lag, replay, produce, and errors naming the address")
    func cartctlAgainstRunningSystem() async throws {
        let base = LocalSystem.freeBasePort()
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("cartstream-\(UUID().uuidString.prefix(6))").path
        let system = try RunningProcess(
            "cartstream",
            [
                "--demo", "--carts", "12", "--base-port", "\(base)", "--smtp-port", "\(LocalSystem.freePort())", "--partitions", "4",
                "--data-dir", data,
            ], ownSession: true)
        defer { if system.process.isRunning { system.interruptSession() } }
        #expect(await system.waitFor("demo traffic sent", timeout: .seconds(180)), "\(system.output)")
        let output = system.output
        let bootstrap = try #require(
            output.split(separator: "\n").first { $0.contains("kafka (mock") }?.split(separator: " ").first { $0.contains("127.0.0.1:") })
        let token = try #require(output.split(separator: "\n").first { $0.contains("admin token") }?.split(separator: " ").last)
        let servers = ["--bootstrap-servers", String(bootstrap)]

        let tail = try await runToCompletion("cartctl", ["tail"] + servers + ["--from-beginning", "--max", "5", "--no-color"])
        #expect(tail.status == 0)
        #expect(tail.output.split(separator: "\n").filter { $0.contains("cart.") }.count == 5, "\(tail.output)")

        let checkouts = try await runToCompletion(
            "cartctl", ["tail"] + servers + ["--from-beginning", "--type", "cart.checked_out", "--idle-timeout", "2", "--no-color"])
        #expect(checkouts.output.split(separator: "\n").allSatisfy { $0.contains("cart.checked_out") })
        #expect(!checkouts.output.isEmpty)

        let history = try await runToCompletion("cartctl", ["history", "demo-42-0"] + servers + ["--no-color"])
        #expect(history.status == 0)
        #expect(history.output.hasPrefix("#1 ") && history.output.contains("cart.created"), "\(history.output)")
        let asOf = try await runToCompletion("cartctl", ["history", "demo-42-0", "--as-of", "1"] + servers)
        #expect(asOf.output.contains("as of 1: open, version 1"), "\(asOf.output)")

        let describe = try await runToCompletion("cartctl", ["topics", "describe"] + servers)
        #expect(describe.output.contains("4 partitions"), "\(describe.output)")

        let services = ["fraud", "billing", "email"].enumerated().flatMap { index, name in
            ["--service", "\(name)=http://127.0.0.1:\(base + 1 + index)"]
        }
        let lag = try await runToCompletion("cartctl", ["lag"] + servers + services + ["--token", String(token)])
        #expect(lag.status == 0)
        #expect(lag.output.contains("billing-service") && !lag.output.contains("cannot reach"), "\(lag.output)")

        let replay = try await runToCompletion(
            "cartctl",
            [
                "replay", "billing", "--from", "beginning", "--url", "http://127.0.0.1:\(base + 2)", "--token", String(token), "--timeout",
                "60",
            ],
            timeout: .seconds(90))
        #expect(replay.status == 0, "\(replay.output)")
        #expect(replay.output.contains("completed"), "\(replay.output)")

        let refused = try await runToCompletion("cartctl", ["produce"] + servers + ["--key", "x", "--value", "{}"])
        #expect(refused.status != 0, "produce without --yes and without a terminal must refuse")

        let unreachable = try await runToCompletion("cartctl", ["tail", "--bootstrap-servers", "127.0.0.1:1", "--max", "1"])
        #expect(unreachable.status != 0)
        #expect(unreachable.output.contains("127.0.0.1:1"), "\(unreachable.output)")
        let serviceDown = try await runToCompletion("cartctl", ["replay", "fraud", "--url", "http://127.0.0.1:1", "--token", "x"])
        #expect(serviceDown.output.contains("cannot reach fraud-service at http://127.0.0.1:1"), "\(serviceDown.output)")

        // Ctrl-C in a terminal: SIGINT to the whole foreground process group.
        system.interruptSession()
        let status = await system.waitForExit(timeout: .seconds(60))
        #expect(status == 0, "Ctrl-C stops everything cleanly: \(String(describing: status)) \(system.output.suffix(800))")
        for service in ["cart-service", "fraud-service", "billing-service", "email-service"] {
            #expect(
                system.output.contains("stopped \(service) (exited with status 0)"),
                "\(service) stops gracefully: \(system.output.suffix(600))")
        }
        try? FileManager.default.removeItem(atPath: data)
    }
}
