import ArgumentParser
import Foundation
import Kafka

/// `cartctl dlq discard`: close dead letters without applying them, with a recorded reason.
struct DeadLetterDiscard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discard",
        abstract: "Mark dead letters as discarded (appends a resolution record with your reason; the services are not touched).")

    @OptionGroup var topic: DeadLetterTopicOptions
    @Option(help: "Why they are discarded (recorded as dlq_action_reason; required).") var reason: String
    @Option(name: .customLong("source-partition"), help: "Source partition of a dead letter (repeatable; comma lists allowed).")
    var sourcePartitions: [String] = []
    @Option(name: .customLong("source-offset"), help: "Source offset, paired with --source-partition (repeatable; comma lists allowed).")
    var sourceOffsets: [String] = []
    @Option(name: .customLong("failure-reason"), help: "Select open dead letters with this failure reason (dlq_reason).") var failureReason:
        String?
    @Flag(name: .customLong("all-open"), help: "Select every open dead letter.") var allOpen = false
    @Option(help: "Only dead letters of this service.") var service: String?
    @Option(help: "Who discards them (dlq_action_by; default $USER@host).") var by: String?
    @Flag(help: "Do not ask for confirmation.") var yes = false

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--reason must say why the dead letters are discarded")
        }
    }

    func run() async throws {
        let selection = DeadLetterSelection(
            sourcePartitions: try DeadLetterSelection.numbers(sourcePartitions, option: "--source-partition"),
            sourceOffsets: try DeadLetterSelection.numbers(sourceOffsets, option: "--source-offset"),
            failureReason: failureReason, allOpen: allOpen, service: service)
        let log = topic.log
        let selected = try selection.select(from: try await log.read().deadLetters)
        let open = selected.filter { $0.status == .open }
        for letter in selected where letter.status != .open {
            printError("skipping \(letter.identity): already \(letter.status.rawValue)")
        }
        guard !open.isEmpty else { throw CartCtlError(.failed, "no open dead letter matches the selection on \(topic.topicName)") }
        try Terminal.requireConfirmation("Discard \(open.count) dead letter(s) on \(topic.topicName) (\(reason))?", assumeYes: yes)
        let producer = try log.producer()
        for letter in open {
            try await log.appendResolution(
                "discarded", reason: reason, by: by ?? DeadLetterLog.defaultActor, for: letter, producer: producer)
            print("discarded \(letter.identity) (DLQ \(letter.dlqPartition)/\(letter.dlqOffset))")
        }
        await producer.close()
    }
}
