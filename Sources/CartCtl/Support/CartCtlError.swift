import Kafka

/// An error with a message a person can act on, and the kind of failure that decides
/// `cartctl`'s exit status (the table is in `cartctl --help` and docs/cartctl.md).
struct CartCtlError: Error, CustomStringConvertible {
    /// What failed; each kind has its own exit status.
    enum Kind: CaseIterable {
        /// The operation ran but did not succeed (a replay failed, records were not re-driven, no such cart).
        case failed
        /// A confirmation was refused: answered no, or no terminal and no `--yes`.
        case confirmationRefused
        /// No Kafka broker answered at the bootstrap servers.
        case brokerUnreachable
        /// The event topic (or the dead-letter topic) does not exist.
        case topicMissing
        /// A service's HTTP endpoint could not be reached.
        case serviceUnreachable
        /// A service refused the admin call (HTTP 401/403): token missing or wrong.
        case adminRefused
        /// A Kafka property is unknown, refused by librdkafka or inconsistent with another.
        case configuration

        /// The process exit status.
        var exitCode: Int32 {
            switch self {
            case .failed: 1
            case .confirmationRefused: 3
            case .brokerUnreachable: 4
            case .topicMissing: 5
            case .serviceUnreachable: 6
            case .adminRefused: 7
            case .configuration: 78
            }
        }

        /// One line for the exit-status table.
        var meaning: String {
            switch self {
            case .failed: "the operation did not succeed (replay failed, records not re-driven, no such cart or record)"
            case .confirmationRefused: "confirmation refused (answered no, or no terminal and no --yes)"
            case .brokerUnreachable: "Kafka unreachable at the bootstrap servers"
            case .topicMissing: "the event topic or dead-letter topic does not exist"
            case .serviceUnreachable: "a service's HTTP endpoint is unreachable"
            case .adminRefused: "a service refused the admin call (HTTP 401/403: token missing or wrong)"
            case .configuration: "invalid Kafka configuration (a property librdkafka refuses, or settings that cannot work together)"
            }
        }

        /// The exit-status table of `cartctl --help`.
        static var helpTable: String {
            var lines = ["EXIT STATUS", "  0   success", "  64  usage error (unknown command or option, invalid value)"]
            for kind in allCases.sorted(by: { $0.exitCode < $1.exitCode }) {
                lines.append("  \(kind.exitCode)   \(kind.meaning)")
            }
            return lines.joined(separator: "\n")
        }
    }

    var kind: Kind
    var description: String

    init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// The `cartctl` view of any error escaping a command: Kafka errors that mean no broker
    /// answered are `brokerUnreachable`, other unexpected errors `failed`; `nil` for errors
    /// ArgumentParser renders itself (usage errors, help, `ExitCode`).
    static func classify(_ error: any Error) -> CartCtlError? {
        switch error {
        case let error as CartCtlError: return error
        case let error as KafkaError:
            if case .unreachable = error.kind { return CartCtlError(.brokerUnreachable, "cannot reach Kafka: \(error.message)") }
            if case .invalidConfiguration(let property) = error.kind {
                return CartCtlError(.configuration, "invalid Kafka configuration (\(property)): \(error.message)")
            }
            if error.isTimeout { return CartCtlError(.brokerUnreachable, "Kafka did not answer in time: \(error.message)") }
            return CartCtlError(.failed, "\(error)")
        default: return nil
        }
    }
}
