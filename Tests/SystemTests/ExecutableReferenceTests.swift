import Foundation
import Testing

/// Every built executable: `--version` from the one source, `--help` pointing to
/// docs/configuration.md, and its real flags exactly the ones that document lists for it.
@Suite("Executables: --version, --help and the configuration reference")
struct ExecutableReferenceTests {
    static let executables = [
        "cart-service", "fraud-service", "billing-service", "email-service", "cartctl", "cartstream", "kafka-mock", "kafka-bench",
    ]

    @Test("--version names the executable, one CartStream version, librdkafka's and Swift's, then librdkafka's features")
    func versions() async throws {
        var numbers: Set<String> = []
        let pattern = try NSRegularExpression(pattern: #"^(\S+) (\d+\.\d+\.\d+) \(librdkafka (\d+\.\d+\.\d+), Swift (\d+\.\d+\+?)\)$"#)
        for executable in Self.executables {
            let (status, stdout, _) = try await runCapturingStreams(executable, ["--version"])
            let lines = stdout.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n")
            let line = lines[0]
            // The second line lists librdkafka's builtin.features; Debian's build has TLS and SCRAM.
            #expect(lines.count == 2 && lines[1].hasPrefix("librdkafka features: "), "\(executable) --version printed \(stdout)")
            #expect(lines.last?.contains("ssl") == true && lines.last?.contains("sasl_scram") == true, "\(stdout)")
            #expect(status == 0, "\(executable) --version: \(status.map(String.init) ?? "did not exit")")
            let match = pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line))
            #expect(match != nil, "\(executable) --version printed \(line)")
            if let match {
                #expect(String(line[Range(match.range(at: 1), in: line)!]) == executable)
                numbers.insert(String(line[Range(match.range(at: 2), in: line)!]))
            }
        }
        #expect(numbers.count == 1, "every executable reports the same version: \(numbers)")
    }

    @Test("--help of every executable points to docs/configuration.md")
    func helpPointsToReference() async throws {
        for executable in Self.executables {
            let (status, stdout, _) = try await runCapturingStreams(executable, ["--help"])
            #expect(status == 0)
            #expect(stdout.contains("docs/configuration.md"), "\(executable) --help:\n\(stdout)")
        }
    }

    @Test("the flags in docs/configuration.md are exactly each executable's flags")
    func flagsMatchReference() async throws {
        let reference = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        for executable in Self.executables {
            let (status, stdout, stderr) = try await runCapturingStreams(executable, ["--experimental-dump-help"])
            #expect(status == 0, "\(stderr)")
            let real = try Self.flags(dumpHelp: Data(stdout.utf8))
            let documented = Self.documentedFlags(of: executable, in: reference)
            #expect(
                real.subtracting(documented).isEmpty,
                "\(executable) has flags docs/configuration.md does not list: \(real.subtracting(documented).sorted())")
            #expect(
                documented.subtracting(real).isEmpty,
                "docs/configuration.md lists flags \(executable) does not have: \(documented.subtracting(real).sorted())")
            #expect(!real.isEmpty)
        }
        #expect(reference.contains("| `--help` |") && reference.contains("| `--version` |"))
    }

    @Test("a bad LOG_LEVEL or --log-level ends a service at once, non-zero, naming the setting and the accepted values")
    func badLogLevel() async throws {
        let fromEnvironment = try await runToCompletion("cart-service", [], environment: ["LOG_LEVEL": "loud"], timeout: .seconds(20))
        #expect(fromEnvironment.status != nil && fromEnvironment.status != 0)
        #expect(
            fromEnvironment.output.contains("LOG_LEVEL=loud") && fromEnvironment.output.contains("trace, debug, info"),
            "\(fromEnvironment.output)")
        let fromFlag = try await runToCompletion("billing-service", ["--log-level", "LOUD"], timeout: .seconds(20))
        #expect(fromFlag.status != nil && fromFlag.status != 0)
        #expect(fromFlag.output.contains("--log-level=LOUD"), "\(fromFlag.output)")
        let format = try await runToCompletion("email-service", [], environment: ["LOG_FORMAT": "logfmt"], timeout: .seconds(20))
        #expect(format.status != nil && format.status != 0)
        #expect(format.output.contains("LOG_FORMAT=logfmt"), "\(format.output)")
    }

    /// The long flag names of a command and its subcommands (ArgumentParser's tool-info JSON),
    /// without `--help` and `--version`.
    static func flags(dumpHelp: Data) throws -> Set<String> {
        let root = try #require(try JSONSerialization.jsonObject(with: dumpHelp) as? [String: Any])
        var result: Set<String> = []
        func walk(_ command: [String: Any]) {
            if command["commandName"] as? String == "help" { return }
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["kind"] as? String != "positional" {
                for name in argument["names"] as? [[String: Any]] ?? [] where name["kind"] as? String == "long" {
                    if let long = name["name"] as? String, long != "help", long != "version" { result.insert("--" + long) }
                }
            }
            for subcommand in command["subcommands"] as? [[String: Any]] ?? [] { walk(subcommand) }
        }
        walk(try #require(root["command"] as? [String: Any]))
        return result
    }

    /// The flags listed (first column of a table row) in the `##` sections whose heading names `executable`.
    static func documentedFlags(of executable: String, in reference: String) -> Set<String> {
        var result: Set<String> = []
        var inSection = false
        let flag = try! NSRegularExpression(pattern: #"^\|\s*`(--[a-z0-9-]+)`"#)
        for line in reference.components(separatedBy: "\n") {
            if line.hasPrefix("## ") { inSection = line.contains("`\(executable)`") }
            guard inSection, let match = flag.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { continue }
            let name = String(line[Range(match.range(at: 1), in: line)!])
            if name != "--help" && name != "--version" { result.insert(name) }
        }
        return result
    }

    private var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
