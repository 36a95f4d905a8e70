import Foundation
import Testing

/// docs/configuration.md lists exactly the environment variables the code in `Sources/` reads.
@Suite("Configuration reference")
struct ConfigurationReferenceTests {
    @Test("every variable the code reads is in docs/configuration.md, and every variable listed there is read")
    func variablesMatch() throws {
        let scan = try SourceScan(sources: RepositoryLayout.root.appendingPathComponent("Sources"))
        #expect(
            scan.unresolved.isEmpty,
            "environment reads whose variable name the scan cannot tell (use a string literal or a `let NAME = \"…\"` constant in the same file): \(scan.unresolved)"
        )
        let documented = try ReferenceDocument.variables(in: RepositoryLayout.root.appendingPathComponent("docs/configuration.md"))
        let read = Set(scan.variables.keys)
        let undocumented = read.subtracting(documented).sorted()
        let stale = documented.subtracting(read).sorted()
        #expect(
            undocumented.isEmpty,
            "read in Sources/ but missing from docs/configuration.md: \(undocumented.map { "\($0) (\(scan.variables[$0]!.sorted().joined(separator: ", ")))" })"
        )
        #expect(stale.isEmpty, "listed in docs/configuration.md but read nowhere in Sources/: \(stale)")
        // The prefix reader is where it is said to be, and the reference documents its rule.
        #expect(scan.prefixReads == SourceScan.prefixReaders, "\(scan.prefixReads)")
        let reference = try String(contentsOf: RepositoryLayout.root.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        #expect(reference.contains("## Kafka client properties") && reference.contains("drop `KAFKA_`, lower-case"))
        // The scan must find the reads it is meant to find, or the check above proves nothing.
        #expect(
            read.isSuperset(of: [
                "LOG_LEVEL", "LOG_FORMAT", "KAFKA_BOOTSTRAP_SERVERS", "FRAUD_MIN_CHURN", "SMTP_FROM", "CART_SNAPSHOT_EVERY",
            ]))
        #expect(read.count >= 30, "\(read.sorted())")
    }

    @Test("configuration is read in one place per executable: only *Settings.swift and cartctl's CartCtlEnvironment.swift read variables")
    func readInOnePlace() throws {
        let scan = try SourceScan(sources: RepositoryLayout.root.appendingPathComponent("Sources"))
        let readers = Set(scan.variables.values.flatMap { $0 })
        let elsewhere = readers.filter { !$0.hasSuffix("Settings.swift") && !$0.hasSuffix("/CartCtlEnvironment.swift") }.sorted()
        #expect(elsewhere.isEmpty, "environment variables read outside the executables' settings: \(elsewhere)")
        // Each service executable has its settings file, and it is where the service's own variables are read.
        for (executable, variable) in [
            ("CartService", "CART_SNAPSHOT_EVERY"), ("FraudService", "FRAUD_MIN_CHURN"),
            ("BillingService", "TAX_RATE_BASIS_POINTS"), ("EmailService", "SMTP_FROM"),
        ] {
            #expect(
                scan.variables[variable] == ["Sources/\(executable)/\(executable)Settings.swift"],
                "\(variable): \(scan.variables[variable] ?? [])")
        }
    }

    @Test("the scan recognises each read form, resolves constants, and reports what it cannot resolve")
    func scanForms() throws {
        let text = """
            let a = try environment.int("ALPHA_ONE", default: 1)
            let b = environment.string( "BETA" , default: "x")
            let c = ProcessInfo.processInfo.environment["GAMMA"] ?? ""
            if environment["DELTA"] == "dumb" {}
            let e = getenv("EPSILON")
            static let variableName = "ZETA"
            _ = environment.optionalString(variableName)
            _ = environment.optionalString(somethingElse)
            environment["WRITTEN"] = "1"
            let lower = environment.string("not_a_variable", default: "")
            """
        var scan = SourceScan()
        scan.scan(text, file: "Example.swift")
        #expect(Set(scan.variables.keys) == ["ALPHA_ONE", "BETA", "GAMMA", "DELTA", "EPSILON", "ZETA"])
        #expect(scan.unresolved == ["Example.swift:8 somethingElse"])
    }

    @Test("the reference's Variable tables are parsed; other tables are not")
    func documentTables() {
        let text = """
            | Variable | Flag | Default | Meaning |
            |---|---|---|---|
            | `ONE` | `--one` | `1` | … |
            | `TWO_2` | – | – | … |

            | Script variable | Where | Meaning |
            |---|---|---|
            | `NOT_CHECKED` | scripts | … |

            | Flag | Default | Meaning |
            |---|---|---|
            | `--three` | – | … |
            """
        #expect(ReferenceDocument.variables(inText: text) == ["ONE", "TWO_2"])
    }
}

/// Where the repository is, from this file's path.
enum RepositoryLayout {
    /// The repository root (two levels above `Tests/ServiceRuntimeTests`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// The environment variables Swift sources read, by the forms the code uses:
/// `environment.<read>("NAME"` (the `EnvironmentReader` methods), `…environment["NAME"]` / `env["NAME"]`,
/// and `getenv("NAME")`. An identifier instead of a literal is resolved through a
/// `let identifier = "NAME"` in the same file; anything else is reported as unresolved.
struct SourceScan {
    /// Variable name → the files reading it.
    var variables: [String: Set<String>] = [:]
    /// Reads the scan could not name (`file:line identifier`).
    var unresolved: [String] = []
    /// Reads by prefix: every variable starting with the prefix is read (file → prefix).
    var prefixReads: [String: String] = [:]

    /// The one file that reads variables by prefix rather than by name: the `KAFKA_*` librdkafka
    /// property variables, whose rule (not a list) docs/configuration.md documents under
    /// "Kafka client properties".
    static let prefixReaders = ["Sources/Kafka/Configuration/KafkaPropertySources.swift": "KAFKA_"]

    init() {}

    /// Scans every `.swift` file under `sources`.
    init(sources: URL) throws {
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(!files.isEmpty, "no Swift files under \(sources.path)")
        for file in files {
            let relative = file.path.replacingOccurrences(of: sources.deletingLastPathComponent().path + "/", with: "")
            scan(try String(contentsOf: file, encoding: .utf8), file: relative)
        }
    }

    /// The `EnvironmentReader` methods that read a variable.
    static let readMethods = ["string", "optionalString", "int", "bool", "list"]

    private static let patterns: [NSRegularExpression] = [
        #"\benvironment\s*\.\s*(?:"# + readMethods.joined(separator: "|") + #")\s*\(\s*("[^"]*"|[A-Za-z_][A-Za-z0-9_]*)"#,
        #"\b(?:environment|env)\s*\[\s*("[^"]*"|[A-Za-z_][A-Za-z0-9_]*)\s*\](?!\s*=[^=])"#,
        #"\bgetenv\s*\(\s*("[^"]*"|[A-Za-z_][A-Za-z0-9_]*)\s*\)"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    private static let variableName = try! NSRegularExpression(pattern: #"^"([A-Z][A-Z0-9_]*)"$"#)

    /// Scans one file's text.
    mutating func scan(_ text: String, file: String) {
        let lines = text.components(separatedBy: "\n")
        for (number, line) in lines.enumerated() {
            let range = NSRange(line.startIndex..., in: line)
            for pattern in Self.patterns {
                for match in pattern.matches(in: line, range: range) {
                    let argument = String(line[Range(match.range(at: 1), in: line)!])
                    let name: String?
                    if argument.hasPrefix("\"") {
                        // A literal: a variable when UPPER_SNAKE (other strings are not environment names).
                        name = Self.capture(Self.variableName, argument)
                    } else if let constant = Self.constant(argument, in: text) {
                        name = constant
                    } else if let prefix = Self.prefixReaders[file] {
                        prefixReads[file] = prefix
                        name = nil
                    } else {
                        unresolved.append("\(file):\(number + 1) \(argument)")
                        name = nil
                    }
                    if let name { variables[name, default: []].insert(file) }
                }
            }
        }
    }

    private static func capture(_ expression: NSRegularExpression, _ text: String) -> String? {
        guard let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return Range(match.range(at: 1), in: text).map { String(text[$0]) }
    }

    /// The value of `let identifier = "NAME"` in `text`, if there is one.
    private static func constant(_ identifier: String, in text: String) -> String? {
        let pattern = try! NSRegularExpression(
            pattern: #"\blet\s+"# + NSRegularExpression.escapedPattern(for: identifier) + #"\s*(?::\s*String\s*)?=\s*"([A-Z][A-Z0-9_]*)""#)
        guard let match = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return Range(match.range(at: 1), in: text).map { String(text[$0]) }
    }
}

/// The variables docs/configuration.md lists: the first column of every table headed `Variable`.
enum ReferenceDocument {
    /// The listed variables of the file at `url`.
    static func variables(in url: URL) throws -> Set<String> {
        variables(inText: try String(contentsOf: url, encoding: .utf8))
    }

    /// The listed variables of a Markdown text.
    static func variables(inText text: String) -> Set<String> {
        var result: Set<String> = []
        var inVariableTable = false
        for line in text.components(separatedBy: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard line.hasPrefix("|") else {
                inVariableTable = false
                continue
            }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard let first = cells.first else { continue }
            if first == "Variable" {
                inVariableTable = true
                continue
            }
            guard inVariableTable, first.hasPrefix("`"), first.hasSuffix("`"), first.count > 2 else { continue }
            let name = String(first.dropFirst().dropLast())
            if name.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) { result.insert(name) }
        }
        return result
    }
}
