import ArgumentParser

/// `cartctl`: operate CartStream from a terminal.
@main
struct CartCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cartctl",
        abstract: "Operate CartStream: follow events, read a cart's history, replay read models, check lag, manage topics.",
        subcommands: [Tail.self, History.self, Replay.self, Lag.self, Topics.self, Produce.self])
}
