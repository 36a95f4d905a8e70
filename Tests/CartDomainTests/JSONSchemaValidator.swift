import Foundation

/// Validates JSON documents against the committed JSON Schemas with Python's
/// `jsonschema` package (Draft 2020-12), run as a subprocess.
struct JSONSchemaValidator {
    struct Case: Encodable {
        let name: String
        let schema: String
        let document: String
    }

    struct Verdict: Decodable {
        let name: String
        let valid: Bool
        let errors: [String]
    }

    enum Failure: Error, CustomStringConvertible {
        case pythonMissing
        case validatorFailed(status: Int32, output: String)
        var description: String {
            switch self {
            case .pythonMissing:
                "python3 was not found on PATH; install Python 3 and `pip install jsonschema` to run the schema tests"
            case .validatorFailed(let status, let output):
                "schema validator exited with status \(status) (is the Python package `jsonschema` installed? `pip install jsonschema`): \(output)"
            }
        }
    }

    /// The repository's `schemas/cart-events` folder.
    static let schemaDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas/cart-events")

    static func schemaURL(eventType: String, version: Int) -> URL {
        schemaDirectory.appendingPathComponent("\(eventType).v\(version).schema.json")
    }

    static let script = #"""
        import json, sys
        try:
            import jsonschema
        except ImportError:
            print("python package 'jsonschema' is not installed", file=sys.stderr)
            sys.exit(3)
        cases = json.load(open(sys.argv[1]))
        out = []
        for c in cases:
            schema = json.load(open(c["schema"]))
            jsonschema.Draft202012Validator.check_schema(schema)
            v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
            doc = json.load(open(c["document"]))
            errors = ["%s: %s" % ("/".join(map(str, e.absolute_path)) or "<root>", e.message) for e in v.iter_errors(doc)]
            out.append({"name": c["name"], "valid": not errors, "errors": errors})
        json.dump(out, sys.stdout)
        """#

    /// Writes each document and runs the validator over all of them at once.
    static func validate(_ documents: [(name: String, schema: URL, json: [UInt8])]) throws -> [Verdict] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cart-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var cases: [Case] = []
        for (i, doc) in documents.enumerated() {
            let url = dir.appendingPathComponent("doc-\(i).json")
            try Data(doc.json).write(to: url)
            cases.append(Case(name: doc.name, schema: doc.schema.path, document: url.path))
        }
        let manifest = dir.appendingPathComponent("cases.json")
        try JSONEncoder().encode(cases).write(to: manifest)
        let scriptURL = dir.appendingPathComponent("validate.py")
        try Data(script.utf8).write(to: scriptURL)

        guard let python = findPython() else { throw Failure.pythonMissing }
        let process = Process()
        process.executableURL = python
        process.arguments = [scriptURL.path, manifest.path]
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.validatorFailed(
                status: process.terminationStatus,
                output: String(decoding: err + out, as: UTF8.self))
        }
        return try JSONDecoder().decode([Verdict].self, from: out)
    }

    private static func findPython() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"] {
            let candidate = URL(fileURLWithPath: dir).appendingPathComponent("python3")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
