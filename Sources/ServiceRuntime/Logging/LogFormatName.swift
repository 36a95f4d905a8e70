import Foundation

/// The log format names CartStream accepts in `LOG_FORMAT` and `--log-format`.
public enum LogFormatName {
    /// The format `text` names: `json` or `text`, in any case.
    /// - Parameters:
    ///   - text: the configured value.
    ///   - setting: where the value came from (`LOG_FORMAT` or `--log-format`), named in the error.
    /// - Throws: ``ConfigurationError`` when `text` names no format (never a silent fallback to text).
    public static func parse(_ text: String, setting: String) throws -> LogFormat {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let format = LogFormat(rawValue: name) else {
            throw ConfigurationError(
                variable: setting, value: text,
                expected: "one of \(LogFormat.allCases.map(\.rawValue).joined(separator: ", ")) (any case)")
        }
        return format
    }
}
