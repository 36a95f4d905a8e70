public import Logging

/// How an executable logs: the value `LoggingBootstrap` installs.
public struct LoggingSettings: Sendable, Equatable {
    /// JSON lines or text (`LOG_FORMAT` / `--log-format`, default `text`).
    public var format: LogFormat
    /// The lowest level written (`LOG_LEVEL` / `--log-level`, default `info`).
    public var level: Logger.Level

    /// Creates settings.
    /// - Parameters:
    ///   - format: the format, `text` by default.
    ///   - level: the level, `info` by default.
    public init(format: LogFormat = .text, level: Logger.Level = .info) {
        self.format = format
        self.level = level
    }

    /// Reads the settings: a flag wins over its environment variable, which wins over the default.
    ///
    /// An empty value counts as unset; an unknown one is an error naming the flag or variable.
    /// - Parameters:
    ///   - levelFlag: the `--log-level` value, if given.
    ///   - formatFlag: the `--log-format` value, if given.
    ///   - environment: the environment.
    /// - Throws: ``ConfigurationError`` for an unknown level or format.
    public static func load(levelFlag: String?, formatFlag: String?, environment: EnvironmentReader) throws -> LoggingSettings {
        var settings = LoggingSettings()
        if let levelFlag {
            settings.level = try LogLevelName.parse(levelFlag, setting: "--log-level")
        } else if let text = environment.optionalString("LOG_LEVEL") {
            settings.level = try LogLevelName.parse(text, setting: "LOG_LEVEL")
        }
        if let formatFlag {
            settings.format = try LogFormatName.parse(formatFlag, setting: "--log-format")
        } else if let text = environment.optionalString("LOG_FORMAT") {
            settings.format = try LogFormatName.parse(text, setting: "LOG_FORMAT")
        }
        return settings
    }
}
