import ArgumentParser
import Logging
import ServiceRuntime
import Testing

@Suite("LOG_LEVEL and LOG_FORMAT")
struct LoggingSettingsTests {
    @Test(
        "levels are read in any case, with warn and fatal as aliases",
        arguments: [
            ("trace", Logger.Level.trace), ("DEBUG", .debug), ("Info", .info), ("notice", .notice),
            ("warn", .warning), ("WARNING", .warning), ("error", .error), ("critical", .critical), ("FATAL", .critical),
            (" debug ", .debug),
        ])
    func levels(text: String, level: Logger.Level) throws {
        let settings = try LoggingSettings.load(levelFlag: nil, formatFlag: nil, environment: EnvironmentReader(["LOG_LEVEL": text]))
        #expect(settings.level == level)
    }

    @Test("an unknown level is an error naming the variable and the accepted values")
    func unknownLevel() {
        #expect {
            try LoggingSettings.load(levelFlag: nil, formatFlag: nil, environment: EnvironmentReader(["LOG_LEVEL": "loud"]))
        } throws: { error in
            let text = "\(error)"
            return error is ConfigurationError && text.contains("LOG_LEVEL=loud")
                && text.contains("trace, debug, info, notice, warning, warn, error, critical, fatal")
        }
    }

    @Test("a bad --log-level names the flag, and the flag wins over the variable")
    func flag() throws {
        let environment = EnvironmentReader(["LOG_LEVEL": "error", "LOG_FORMAT": "text"])
        let settings = try LoggingSettings.load(levelFlag: "Debug", formatFlag: "JSON", environment: environment)
        #expect(settings == LoggingSettings(format: .json, level: .debug))
        #expect {
            try LoggingSettings.load(levelFlag: "verbose", formatFlag: nil, environment: environment)
        } throws: { "\($0)".contains("--log-level=verbose") }
    }

    @Test("unset or empty means the defaults: text at info")
    func defaults() throws {
        #expect(try LoggingSettings.load(levelFlag: nil, formatFlag: nil, environment: EnvironmentReader([:])) == LoggingSettings())
        let empty = EnvironmentReader(["LOG_LEVEL": "", "LOG_FORMAT": ""])
        #expect(
            try LoggingSettings.load(levelFlag: nil, formatFlag: nil, environment: empty) == LoggingSettings(format: .text, level: .info))
    }

    @Test("formats are json or text in any case; anything else names LOG_FORMAT or --log-format")
    func formats() throws {
        #expect(
            try LoggingSettings.load(levelFlag: nil, formatFlag: nil, environment: EnvironmentReader(["LOG_FORMAT": "Json"])).format
                == .json)
        #expect {
            try LoggingSettings.load(levelFlag: nil, formatFlag: nil, environment: EnvironmentReader(["LOG_FORMAT": "logfmt"]))
        } throws: { "\($0)".contains("LOG_FORMAT=logfmt") && "\($0)".contains("json, text") }
        #expect {
            try LoggingSettings.load(levelFlag: nil, formatFlag: "yaml", environment: EnvironmentReader([:]))
        } throws: { "\($0)".contains("--log-format=yaml") }
    }

    @Test("ServiceOptions parses the flags and refuses a bad LOG_LEVEL before installing anything")
    func serviceOptions() throws {
        let options = try ServiceOptions.parse(["--log-level", "WARN"])
        #expect(try options.loggingSettings(EnvironmentReader([:])).level == .warning)
        let plain = try ServiceOptions.parse([])
        #expect(throws: ConfigurationError.self) {
            try ProcessSettings.load(flags: plain, environment: EnvironmentReader(["LOG_LEVEL": "everything"]))
        }
        let supervised = try ProcessSettings.load(flags: plain, environment: EnvironmentReader(["CARTSTREAM_PARENT_LIVENESS_FD": "3"]))
        #expect(supervised == ProcessSettings(logging: LoggingSettings(), parentLivenessDescriptor: "3"))
    }
}
