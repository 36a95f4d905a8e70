import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `cartctl` as operators use it, against a running `cartstream`: lag numbers, JSON output,
/// exit statuses, colour rules, progress lines, broker reasons and the dead-letter workflow.
@Suite("cartctl for operators", .serialized)
struct CartCtlOperatorTests {
    /// A running local system and what cartctl needs to talk to it.
    struct System {
        let process: RunningProcess
        let base: Int
        let bootstrap: String
        let token: String
        let data: String
        var servers: [String] { ["--bootstrap-servers", bootstrap] }
        var consumers: [(name: String, port: Int)] {
            [("fraud-service", base + 1), ("billing-service", base + 2), ("email-service", base + 3)]
        }
        var serviceOptions: [String] { consumers.flatMap { ["--service", "\($0.name)=http://127.0.0.1:\($0.port)"] } }
        var serviceURLOptions: [String] { consumers.flatMap { ["--service-url", "\($0.name)=http://127.0.0.1:\($0.port)"] } }

        static func start() async throws -> System {
            let base = LocalSystem.freeBasePort()
            let data = FileManager.default.temporaryDirectory.appendingPathComponent("cartstream-\(UUID().uuidString.prefix(6))").path
            let process = try RunningProcess(
                "cartstream",
                [
                    "--demo", "--carts", "6", "--base-port", "\(base)", "--smtp-port", "\(LocalSystem.freePort())", "--partitions", "4",
                    "--data-dir", data,
                ], ownSession: true)
            guard await process.waitFor("demo traffic sent", timeout: .seconds(180)) else {
                process.interruptSession()
                throw Failure("the system did not start: \(process.output.suffix(2000))")
            }
            let lines = process.output.split(separator: "\n")
            guard
                let bootstrap = lines.first(where: { $0.contains("kafka (mock") })?.split(separator: " ").first(where: {
                    $0.contains("127.0.0.1:")
                }),
                let token = lines.first(where: { $0.contains("admin token") })?.split(separator: " ").last
            else { throw Failure("no bootstrap address or token in: \(process.output.prefix(2000))") }
            return System(process: process, base: base, bootstrap: String(bootstrap), token: String(token), data: data)
        }

        func stop() async {
            if process.process.isRunning { process.interruptSession() }
            _ = await process.waitForExit(timeout: .seconds(60))
            try? FileManager.default.removeItem(atPath: data)
        }

        /// `GET path` of a service with the admin token, as JSON.
        func admin(_ port: Int, _ path: String) async throws -> [String: Any] {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            let (data, _) = try await URLSession.shared.data(for: request)
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    @Test("lag, topics describe and history as JSON; exit statuses; colour; progress lines; broker reasons")
    func operatorBasics() async throws {
        let system = try await System.start()

        // lag: once the consumers are idle, its stored column is each service's own stored offsets.
        var lag: [String: Any] = [:]
        let deadline = ContinuousClock.now + .seconds(60)
        repeat {
            let run = try await runCapturingStreams(
                "cartctl", ["lag"] + system.servers + system.serviceOptions + ["--token", system.token, "--output", "json"])
            #expect(run.status == 0, "\(run.stderr)")
            lag = try Self.json(run.stdout)
            let rows = (lag["services"] as? [[String: Any]] ?? []).flatMap { $0["partitions"] as? [[String: Any]] ?? [] }
            if !rows.isEmpty && rows.allSatisfy({ ($0["lag"] as? Int) == 0 }) { break }
            try await Task.sleep(for: .milliseconds(500))
        } while ContinuousClock.now < deadline
        let services = try #require(lag["services"] as? [[String: Any]])
        #expect(services.map { $0["service"] as? String } == system.consumers.map(\.name))
        for (name, port) in system.consumers {
            let entry = try #require(services.first { $0["service"] as? String == name })
            #expect(entry["error"] is NSNull, "\(entry)")
            let stored = try await system.admin(port, "/admin/offsets")
            let expected = (stored["offsets"] as? [[String: Any]] ?? []).reduce(into: [Int: Int]()) {
                $0[$1["partition"] as! Int] = $1["nextOffset"] as? Int
            }
            #expect(!expected.isEmpty, "\(name) stored offsets: \(stored)")
            let partitions = try #require(entry["partitions"] as? [[String: Any]])
            #expect(partitions.count == 4)
            for row in partitions {
                let partition = try #require(row["partition"] as? Int)
                #expect(
                    row["stored"] as? Int == expected[partition], "\(name) partition \(partition): lag says \(row), service says \(stored)")
                #expect(row["logEnd"] as? Int == expected[partition] ?? 0, "idle consumers are at the log end: \(row)")
            }
        }
        let lagText = try await runToCompletion("cartctl", ["lag"] + system.servers + system.serviceOptions + ["--token", system.token])
        let billingRows = lagText.output.split(separator: "\n").filter { $0.hasPrefix("billing-service") }.map { $0.split(separator: " ") }
        #expect(billingRows.count == 4, "\(lagText.output)")
        #expect(
            billingRows.allSatisfy { $0[2] == "0" || $0[4] == $0[2] },
            "stored column = log end for a non-empty partition: \(lagText.output)")

        let describe = try await runCapturingStreams("cartctl", ["topics", "describe"] + system.servers + ["--output", "json"])
        #expect(describe.status == 0, "\(describe.stderr)")
        let topic = try Self.json(describe.stdout)
        let partitions = try #require(topic["partitions"] as? [[String: Any]])
        #expect(topic["topic"] as? String == "cart-events" && partitions.count == 4)
        #expect(topic["records"] as? Int == partitions.reduce(0) { $0 + (($1["high"] as? Int ?? 0) - ($1["low"] as? Int ?? 0)) })
        #expect((topic["records"] as? Int ?? 0) > 0)

        let history = try await runCapturingStreams("cartctl", ["history", "demo-42-0"] + system.servers + ["--output", "json"])
        #expect(history.status == 0, "\(history.stderr)")
        let trail = try Self.json(history.stdout)
        let events = try #require(trail["events"] as? [[String: Any]])
        #expect(events.map { $0["sequence"] as? Int } == Array(1...events.count).map { Optional($0) })
        #expect(events.first?["type"] as? String == "cart.created")
        #expect((events.first?["data"] as? [String: Any])?.isEmpty == false, "the payload is included: \(events.first ?? [:])")
        let asOf = try await runCapturingStreams(
            "cartctl", ["history", "demo-42-0", "--as-of", "1"] + system.servers + ["--output", "json"])
        let state = try Self.json(asOf.stdout)
        #expect(
            state["version"] as? Int == 1 && state["status"] as? String == "open" && state["cartId"] as? String == "demo-42-0",
            "\(asOf.stdout)")

        // Exit statuses (documented in cartctl --help).
        let help = try await runToCompletion("cartctl", ["--help"])
        #expect(help.status == 0 && help.output.contains("EXIT STATUS"), "\(help.output)")
        #expect(try await runToCompletion("cartctl", ["lag", "--bogus"]).status == 64)
        let unresolvable = try await runCapturingStreams(
            "cartctl", ["topics", "describe", "--bootstrap-servers", "no-such-host.invalid:9092"])
        #expect(unresolvable.status == 4)
        #expect(
            unresolvable.stderr.contains("cannot reach Kafka at no-such-host.invalid:9092") && unresolvable.stderr.contains("resolve"),
            "librdkafka's reason: \(unresolvable.stderr)")
        let refusedPort = try await runCapturingStreams("cartctl", ["tail", "--bootstrap-servers", "127.0.0.1:1", "--max", "1"])
        #expect(refusedPort.status == 4 && refusedPort.stderr.contains("Connection refused"), "\(refusedPort.stderr)")
        let missing = try await runCapturingStreams("cartctl", ["topics", "describe", "--topic", "no-such-topic"] + system.servers)
        #expect(missing.status == 5 && missing.stderr.contains("no-such-topic"), "\(missing.stderr)")
        let serviceDown = try await runCapturingStreams("cartctl", ["replay", "fraud", "--url", "http://127.0.0.1:1", "--token", "x"])
        #expect(
            serviceDown.status == 6 && serviceDown.stderr.contains("cannot reach fraud-service at http://127.0.0.1:1"),
            "\(serviceDown.stderr)")
        let wrongToken = try await runCapturingStreams(
            "cartctl", ["replay", "billing", "--url", "http://127.0.0.1:\(system.base + 2)", "--token", "wrong"])
        #expect(wrongToken.status == 7 && wrongToken.stderr.contains("refused the admin call"), "\(wrongToken.stderr)")
        let unconfirmed = try await runToCompletion("cartctl", ["produce"] + system.servers + ["--key", "x", "--value", "{}"])
        #expect(unconfirmed.status == 3, "\(unconfirmed.output)")

        // Colour: FORCE_COLOR forces it without a terminal; NO_COLOR (non-empty) and --no-color win.
        let tailArguments = ["tail"] + system.servers + ["--from-beginning", "--max", "3"]
        let forced = try await runToCompletion("cartctl", tailArguments, environment: ["FORCE_COLOR": "1", "NO_COLOR": ""])
        #expect(forced.status == 0 && forced.output.contains("\u{1B}["), "FORCE_COLOR=1 colours: \(forced.output)")
        let plain = try await runToCompletion("cartctl", tailArguments, environment: ["FORCE_COLOR": "", "NO_COLOR": ""])
        #expect(
            plain.status == 0 && !plain.output.contains("\u{1B}[") && plain.output.contains("cart."),
            "no terminal, no colour: \(plain.output)")
        let noColor = try await runToCompletion("cartctl", tailArguments, environment: ["FORCE_COLOR": "1", "NO_COLOR": "1"])
        #expect(!noColor.output.contains("\u{1B}[") && noColor.output.contains("cart."), "NO_COLOR wins: \(noColor.output)")
        let forcedZero = try await runToCompletion("cartctl", tailArguments, environment: ["FORCE_COLOR": "0", "NO_COLOR": ""])
        #expect(
            !forcedZero.output.contains("\u{1B}[") && forcedZero.output.contains("cart."),
            "FORCE_COLOR=0 forces nothing: \(forcedZero.output)")
        let dumb = try await runToCompletion("cartctl", tailArguments, environment: ["FORCE_COLOR": "1", "NO_COLOR": "", "TERM": "dumb"])
        #expect(dumb.output.contains("\u{1B}["), "FORCE_COLOR outranks TERM=dumb: \(dumb.output)")
        let flag = try await runToCompletion("cartctl", tailArguments + ["--no-color"], environment: ["FORCE_COLOR": "1", "NO_COLOR": ""])
        #expect(!flag.output.contains("\u{1B}[") && flag.output.contains("cart."), "--no-color wins: \(flag.output)")

        // Replay progress without a terminal: plain lines, no carriage returns.
        let replay = try await runToCompletion(
            "cartctl",
            [
                "replay", "billing", "--from", "beginning", "--url", "http://127.0.0.1:\(system.base + 2)", "--token", system.token,
                "--timeout", "60",
            ],
            timeout: .seconds(90))
        #expect(replay.status == 0, "\(replay.output)")
        #expect(
            !replay.output.contains("\r") && replay.output.contains("progress: ") && replay.output.contains("completed"), "\(replay.output)"
        )

        await system.stop()
    }

    @Test("dlq: a poison record is dead-lettered by every consumer; list, show, discard with a reason, re-drive of a still-broken record")
    func deadLetterWorkflow() async throws {
        let system = try await System.start()
        let produced = try await runToCompletion(
            "cartctl", ["produce"] + system.servers + ["--key", "poison-cart", "--value", #"{"not":"an event"}"#, "--yes"])
        #expect(produced.status == 0, "\(produced.output)")
        let words = produced.output.split(separator: " ").map(String.init)
        let sourcePartition = try #require(words.firstIndex(of: "partition").flatMap { Int(words[$0 + 1]) }, "\(produced.output)")
        let sourceOffset = try #require(
            words.firstIndex(of: "offset").flatMap { Int(words[$0 + 1].trimmingCharacters(in: .whitespacesAndNewlines)) })

        func deadLetters(_ extra: [String] = []) async throws -> [[String: Any]] {
            let run = try await runCapturingStreams("cartctl", ["dlq", "list"] + system.servers + ["--output", "json"] + extra)
            #expect(run.status == 0, "\(run.stderr)")
            return (try Self.json(run.stdout)["deadLetters"] as? [[String: Any]] ?? []).filter {
                $0["sourcePartition"] as? Int == sourcePartition && $0["sourceOffset"] as? Int == sourceOffset
            }
        }
        var letters: [[String: Any]] = []
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            letters = try await deadLetters()
            if letters.count >= 3 { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(Set(letters.compactMap { $0["service"] as? String }) == Set(system.consumers.map(\.name)), "\(letters)")
        for letter in letters {
            #expect(letter["status"] as? String == "open" && letter["reason"] as? String == "missing_header", "\(letter)")
            #expect(letter["key"] as? String == "poison-cart" && letter["sourceTopic"] as? String == "cart-events")
            #expect(letter["resolution"] is NSNull)
        }
        #expect(try await deadLetters(["--service", "billing", "--status", "open"]).count == 1)
        #expect(try await deadLetters(["--reason", "unknown_event_type"]).isEmpty)

        let billing = try #require(letters.first { $0["service"] as? String == "billing-service" })
        let position = "\(billing["dlqPartition"] as? Int ?? -1)/\(billing["dlqOffset"] as? Int ?? -1)"
        let show = try await runToCompletion("cartctl", ["dlq", "show", position] + system.servers)
        #expect(show.status == 0, "\(show.output)")
        for header in [
            "dlq_reason: missing_header", "dlq_detail:", "dlq_source_topic: cart-events", "dlq_source_partition: \(sourcePartition)",
            "dlq_source_offset: \(sourceOffset)", "dlq_service: billing-service", "dlq_failed_at:", #"{"not":"an event"}"#,
        ] {
            #expect(show.output.contains(header), "\(header) in \(show.output)")
        }
        let shownJSON = try await runCapturingStreams(
            "cartctl",
            [
                "dlq", "show", "--source-partition", "\(sourcePartition)", "--source-offset", "\(sourceOffset)",
                "--output", "json",
            ] + system.servers)
        let records = try #require(try Self.json(shownJSON.stdout)["records"] as? [[String: Any]])
        #expect(records.count == 3 && records.allSatisfy { ($0["value"] as? String) == #"{"not":"an event"}"# }, "\(shownJSON.stdout)")

        // Discard email's dead letter with a reason: list shows it discarded, the others open.
        let source = ["--source-partition", "\(sourcePartition)", "--source-offset", "\(sourceOffset)"]
        let noReason = try await runToCompletion(
            "cartctl", ["dlq", "discard"] + system.servers + source + ["--service", "email", "--yes"])
        #expect(noReason.status == 64, "--reason is required: \(noReason.output)")
        let discard = try await runToCompletion(
            "cartctl",
            ["dlq", "discard"] + system.servers + source + [
                "--service", "email", "--reason", "test poison, no e-mail needed", "--by", "tester", "--yes",
            ])
        #expect(discard.status == 0, "\(discard.output)")
        let afterDiscard = try await deadLetters()
        let email = try #require(afterDiscard.first { $0["service"] as? String == "email-service" })
        #expect(email["status"] as? String == "discarded", "\(email)")
        let resolution = try #require(email["resolution"] as? [String: Any])
        #expect(
            resolution["reason"] as? String == "test poison, no e-mail needed" && resolution["by"] as? String == "tester"
                && resolution["action"] as? String == "discarded")
        #expect(afterDiscard.filter { $0["status"] as? String == "open" }.count == 2)
        let again = try await runToCompletion(
            "cartctl", ["dlq", "discard"] + system.servers + source + ["--service", "email", "--reason", "again", "--yes"])
        #expect(again.status == 1, "nothing open left to discard: \(again.output)")

        // Re-drive: refused without --yes; the wrong token is refused; a still-broken record stays open.
        let unconfirmed = try await runToCompletion(
            "cartctl",
            ["dlq", "redrive"] + system.servers + source + ["--service", "fraud"] + system.serviceURLOptions
                + ["--token", system.token])
        #expect(unconfirmed.status == 3, "\(unconfirmed.output)")
        let wrongToken = try await runToCompletion(
            "cartctl",
            ["dlq", "redrive"] + system.servers + source + ["--service", "fraud", "--yes", "--token", "wrong"]
                + system.serviceURLOptions)
        #expect(wrongToken.status == 7, "\(wrongToken.output)")
        let redrive = try await runCapturingStreams(
            "cartctl",
            ["dlq", "redrive"] + system.servers + [
                "--reason", "missing_header", "--service", "fraud", "--yes", "--token", system.token, "--output", "json",
            ]
                + system.serviceURLOptions)
        #expect(redrive.status == 1, "still undecodable is a failure: \(redrive.stdout) \(redrive.stderr)")
        let results = try #require(try Self.json(redrive.stdout)["results"] as? [[String: Any]])
        let fraud = try #require(
            results.first { $0["sourceOffset"] as? Int == sourceOffset && $0["sourcePartition"] as? Int == sourcePartition })
        #expect(
            fraud["outcome"] as? String == "still-undecodable" && fraud["reason"] as? String == "missing_header"
                && fraud["service"] as? String == "fraud-service",
            "\(results)")
        #expect(redrive.stderr.contains("not re-driven"), "\(redrive.stderr)")
        let afterRedrive = try await deadLetters()
        #expect(afterRedrive.first { $0["service"] as? String == "fraud-service" }?["status"] as? String == "open", "\(afterRedrive)")

        await system.stop()
    }
}
