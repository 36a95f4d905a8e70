public import Foundation

/// Reads typed settings from environment variables, with defaults, in one place.
///
/// Flags parsed by swift-argument-parser win over environment variables; the
/// executables pass their flag values as overrides.
public struct EnvironmentReader: Sendable {
    /// The variables read from.
    public var values: [String: String]

    /// Creates a reader.
    /// - Parameter values: the environment, `ProcessInfo`'s by default.
    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    /// A string variable, or `defaultValue` when unset or empty.
    public func string(_ name: String, default defaultValue: String) -> String {
        guard let value = values[name], !value.isEmpty else { return defaultValue }
        return value
    }

    /// An optional string variable.
    public func optionalString(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// An integer variable; a malformed value is an error naming the variable.
    public func int(_ name: String, default defaultValue: Int) throws -> Int {
        guard let text = optionalString(name) else { return defaultValue }
        guard let value = Int(text) else { throw ConfigurationError(variable: name, value: text, expected: "an integer") }
        return value
    }

    /// A boolean variable (`true/false/1/0/yes/no`).
    public func bool(_ name: String, default defaultValue: Bool) throws -> Bool {
        guard let text = optionalString(name)?.lowercased() else { return defaultValue }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: name, value: text, expected: "true or false")
        }
    }

    /// A comma-separated list.
    public func list(_ name: String, default defaultValue: [String]) -> [String] {
        guard let text = optionalString(name) else { return defaultValue }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// A configuration value that cannot be used.
public struct ConfigurationError: Error, CustomStringConvertible {
    /// The environment variable or flag.
    public var variable: String
    /// The rejected value.
    public var value: String
    /// What was expected instead.
    public var expected: String

    /// Creates the error.
    public init(variable: String, value: String, expected: String) {
        self.variable = variable
        self.value = value
        self.expected = expected
    }

    public var description: String { "invalid \(variable)=\(value): expected \(expected)" }
}
