import ArgumentParser
import CartStreamBuild
import Foundation

/// `cartctl`: operate CartStream from a terminal.
@main
struct CartCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cartctl",
        abstract:
            "Operate CartStream: follow events, read a cart's history, replay read models, check lag, manage topics and dead letters.",
        discussion: """
            Output: --output json on lag, topics describe, history and dlq list|show|redrive prints one JSON \
            document on standard output (field names in docs/cartctl.md); messages and errors go to standard error.
            Colour: on for a terminal; NO_COLOR (non-empty) turns it off, FORCE_COLOR (non-empty, not 0) forces it on, \
            TERM=dumb turns it off; --no-color always wins.

            \(CartCtlError.Kind.helpTable)

            \(ConfigurationReference.helpDiscussion)
            """,
        version: CartStreamVersion.text(for: "cartctl"),
        subcommands: [Tail.self, History.self, Replay.self, Lag.self, Topics.self, Produce.self, DeadLetters.self])

    /// Parses and runs the command; a failure is printed once to standard error and ends the
    /// process with its kind's exit status (``CartCtlError/Kind/exitCode``). Usage errors and
    /// help are ArgumentParser's (64 and 0).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard let failure = CartCtlError.classify(error) else { exit(withError: error) }
            FileHandle.standardError.write(Data("cartctl: \(failure.description)\n".utf8))
            Foundation.exit(failure.kind.exitCode)
        }
    }
}
