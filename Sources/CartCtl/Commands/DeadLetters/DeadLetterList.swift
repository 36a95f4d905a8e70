import ArgumentParser

/// `cartctl dlq list`: dead letters with their status, filtered.
struct DeadLetterList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List dead letters with their status (open, discarded, redriven).")

    @OptionGroup var topic: DeadLetterTopicOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only dead letters of this service (fraud, billing-service, …).") var service: String?
    @Option(
        name: [.customLong("reason"), .customLong("failure-reason")],
        help: "Only this failure reason (dlq_reason), e.g. unknown_event_type.")
    var reason: String?
    @Option(help: "Only this status: open, discarded or redriven.") var status: String?
    @Option(name: .customLong("source-partition"), help: "Only records from this partition of the event topic.") var sourcePartition: Int32?
    @Flag(help: "No colours.") var noColor = false

    /// `dlq list --output json`.
    struct Report: Encodable {
        var dlqTopic: String
        var deadLetters: [DeadLetter]
    }

    func validate() throws {
        if let status, DeadLetter.Status(rawValue: status) == nil {
            throw ValidationError("--status takes open, discarded or redriven (got \(status))")
        }
    }

    func run() async throws {
        let service = service.map(ServiceClient.canonical)
        let letters = try await topic.log.read().deadLetters.filter { letter in
            if let service, letter.service != service { return false }
            if let reason, letter.reason != reason { return false }
            if let status, letter.status.rawValue != status { return false }
            if let sourcePartition, letter.sourcePartition != sourcePartition { return false }
            return true
        }
        if output.isJSON { return try output.printJSON(Report(dlqTopic: topic.topicName, deadLetters: letters)) }
        let terminal = Terminal(noColor: noColor)
        print("dead letters on \(topic.topicName) at \(topic.cluster.servers): \(letters.count)")
        for letter in letters {
            let status =
                switch letter.status {
                case .open: terminal.paint("open", "1;31")
                case .discarded: terminal.dim("discarded")
                case .redriven: terminal.paint("redriven", "32")
                }
            print(
                "\(letter.dlqPartition)/\(letter.dlqOffset) \(status) \(letter.service) source \(letter.sourcePartition)/\(letter.sourceOffset) "
                    + "key \(letter.key ?? "-") \(letter.reason): \(letter.detail) (failed \(letter.failedAt)\(letter.copies > 1 ? ", \(letter.copies) copies" : ""))"
            )
            if let resolution = letter.resolution {
                print("    \(resolution.action) by \(resolution.by) at \(resolution.at): \(resolution.reason)")
            }
        }
    }
}
