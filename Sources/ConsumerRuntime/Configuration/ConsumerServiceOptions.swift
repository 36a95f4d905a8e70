public import ArgumentParser
public import ServiceRuntime

/// The flags of a consumer service (fraud, billing, email): the common ones plus its read-model database.
///
/// Flags only: ``ConsumerConfiguration/load(serviceName:defaultPort:flags:environment:)`` combines them
/// with the environment.
public struct ConsumerServiceOptions: ParsableArguments {
    /// The flags every service takes.
    @OptionGroup public var service: ServiceOptions
    /// `--database-path`, over `DATABASE_PATH`.
    @Option(help: "SQLite read model (DATABASE_PATH, default ./<service>.sqlite).") public var databasePath: String?

    public init() {}
}
