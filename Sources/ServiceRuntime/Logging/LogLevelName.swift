import Foundation
public import Logging

/// The log level names CartStream accepts in `LOG_LEVEL` and `--log-level`.
///
/// Names are matched case-insensitively after trimming white space. Besides swift-log's seven
/// level names, two common aliases are accepted: `warn` (`warning`) and `fatal` (`critical`).
/// Anything else is a ``ConfigurationError`` that names the setting and the accepted values,
/// never a silent fallback to `info`.
public enum LogLevelName {
    /// Every accepted name (lower case) and the level it stands for, in increasing severity.
    public static let accepted: [(name: String, level: Logger.Level)] = [
        ("trace", .trace), ("debug", .debug), ("info", .info), ("notice", .notice),
        ("warning", .warning), ("warn", .warning), ("error", .error), ("critical", .critical), ("fatal", .critical),
    ]

    /// The accepted names as one phrase, for error messages and documentation.
    public static var acceptedList: String { accepted.map(\.name).joined(separator: ", ") }

    /// The level `text` names.
    /// - Parameters:
    ///   - text: the configured value, e.g. `DEBUG` or `warn`.
    ///   - setting: where the value came from (`LOG_LEVEL` or `--log-level`), named in the error.
    /// - Throws: ``ConfigurationError`` when `text` names no level.
    public static func parse(_ text: String, setting: String) throws -> Logger.Level {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let match = accepted.first(where: { $0.name == name }) else {
            throw ConfigurationError(variable: setting, value: text, expected: "one of \(acceptedList) (any case)")
        }
        return match.level
    }
}
