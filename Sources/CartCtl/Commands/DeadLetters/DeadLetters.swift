import ArgumentParser

/// `cartctl dlq list|show|redrive|discard`: the dead-letter topic's records and their resolutions.
struct DeadLetters: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "List, show, re-drive or discard dead letters (records a service could not decode).",
        discussion: """
            The dead-letter topic is the append-only log of dead letters and of their resolutions: discard and \
            redrive append a resolution record (dlq_action=discarded|redriven) next to the dead letter; list folds \
            the topic into each dead letter's status (open, discarded, redriven). See docs/cartctl.md.
            """,
        subcommands: [DeadLetterList.self, DeadLetterShow.self, DeadLetterRedrive.self, DeadLetterDiscard.self])
}
