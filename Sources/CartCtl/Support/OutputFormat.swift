import ArgumentParser
import Foundation

/// `--output text|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Readable lines (the default).
    case text
    /// One JSON document on standard output (field names in docs/cartctl.md).
    case json
}

/// The `--output` option shared by the commands that support JSON.
struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("output"), help: "text or json (one JSON document on standard output).")
    var format: OutputFormat = .text

    var isJSON: Bool { format == .json }

    /// Prints `value` as pretty, key-sorted JSON.
    func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
