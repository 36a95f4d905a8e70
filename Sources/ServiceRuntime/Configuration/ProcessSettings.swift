/// What every service process is configured with besides its own work: how it logs and whether a
/// supervisor (the `cartstream` launcher) watches over it.
public struct ProcessSettings: Sendable, Equatable {
    /// Format and level of the log (`LOG_FORMAT`, `LOG_LEVEL` and their flags).
    public var logging: LoggingSettings
    /// The inherited liveness-pipe descriptor (`CARTSTREAM_PARENT_LIVENESS_FD`, set by the launcher only).
    public var parentLivenessDescriptor: String?

    /// Creates settings.
    /// - Parameters:
    ///   - logging: how to log.
    ///   - parentLivenessDescriptor: the liveness-pipe descriptor, nil when nobody supervises the process.
    public init(logging: LoggingSettings = LoggingSettings(), parentLivenessDescriptor: String? = nil) {
        self.logging = logging
        self.parentLivenessDescriptor = parentLivenessDescriptor
    }

    /// Reads the settings: flag, else environment variable, else default.
    /// - Parameters:
    ///   - flags: the service's parsed flags.
    ///   - environment: the environment.
    /// - Throws: ``ConfigurationError`` for an unknown log level or format.
    public static func load(flags: ServiceOptions, environment: EnvironmentReader) throws -> ProcessSettings {
        ProcessSettings(
            logging: try flags.loggingSettings(environment),
            parentLivenessDescriptor: environment.optionalString("CARTSTREAM_PARENT_LIVENESS_FD"))
    }
}
