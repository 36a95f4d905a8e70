import Foundation
public import Logging

/// How log lines are written.
public enum LogFormat: String, Sendable, CaseIterable {
    /// One JSON object per line, for log collectors.
    case json
    /// Human-readable lines.
    case text
}

/// Process-wide logging set-up, done once by each executable's `main`.
public enum LoggingBootstrap {
    /// Installs the log handler `settings` describe.
    /// - Parameter settings: format and level.
    public static func bootstrap(_ settings: LoggingSettings) {
        bootstrap(format: settings.format, level: settings.level)
    }

    /// Installs the log handler for `format` at `level`.
    /// - Parameters:
    ///   - format: JSON or text.
    ///   - level: the lowest level written.
    public static func bootstrap(format: LogFormat, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                switch format {
                case .json: JSONLogHandler(label: label)
                case .text: StreamLogHandler.standardError(label: label)
                }
            handler.logLevel = level
            return handler
        }
    }
}

/// Writes each entry as one JSON line on standard error: time, level, label, message and metadata.
public struct JSONLogHandler: LogHandler {
    /// Level threshold.
    public var logLevel: Logger.Level = .info
    /// Metadata added to every entry.
    public var metadata: Logger.Metadata = [:]
    private let label: String

    /// Creates a handler.
    /// - Parameter label: the logger's label.
    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: Any] = [
            "time": ISO8601DateFormatter.cartstream.string(from: Date()),
            "level": event.level.rawValue,
            "logger": label,
            "message": "\(event.message)",
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = "\(value)"
        }
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        data.append(0x0A)
        FileHandle.standardError.write(data)
    }
}

extension ISO8601DateFormatter {
    /// RFC 3339 with milliseconds.
    nonisolated(unsafe) static let cartstream: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
}
