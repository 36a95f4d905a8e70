import ArgumentParser
import Kafka

/// `cartctl dlq show`: one record of the DLQ topic with every header and its value.
struct DeadLetterShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a dead letter's headers and value, by DLQ position (P/O) or by source position.")

    @OptionGroup var topic: DeadLetterTopicOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The record's position on the DLQ topic, PARTITION/OFFSET (as dlq list prints it).") var position: String?
    @Option(name: .customLong("source-partition"), help: "Instead: the source record's partition of the event topic.") var sourcePartition:
        Int32?
    @Option(name: .customLong("source-offset"), help: "… and offset (every service's dead letter of it is shown).") var sourceOffset: Int64?
    @Option(help: "With a source position: only this service's dead letter.") var service: String?

    /// `dlq show --output json`.
    struct Report: Encodable {
        var records: [DeadLetterRecordView]
    }

    func validate() throws {
        if position == nil && (sourcePartition == nil || sourceOffset == nil) {
            throw ValidationError("give a DLQ position PARTITION/OFFSET, or --source-partition and --source-offset")
        }
        if let position, Self.parse(position) == nil {
            throw ValidationError("a DLQ position is PARTITION/OFFSET, such as 0/12 (got \(position))")
        }
    }

    static func parse(_ position: String) -> (Int32, Int64)? {
        let parts = position.split(separator: "/")
        guard parts.count == 2, let partition = Int32(parts[0]), let offset = Int64(parts[1]) else { return nil }
        return (partition, offset)
    }

    func run() async throws {
        let (records, letters) = try await topic.log.read()
        var views: [DeadLetterRecordView] = []
        if let position, let (partition, offset) = Self.parse(position) {
            guard let record = records.first(where: { $0.partition == partition && $0.offset == offset }) else {
                throw CartCtlError(.failed, "no record at \(partition)/\(offset) of \(topic.topicName)")
            }
            // A dead letter (first or further copy) shows its folded state; a resolution record none.
            let isResolution = record.headers.string(DeadLetterLog.Header.action) != nil
            let letter =
                isResolution
                ? nil
                : DeadLetterLog.source(of: record).flatMap { source in
                    letters.first {
                        $0.identity
                            == DeadLetter.identity(
                                service: source.service, sourceTopic: source.topic, sourcePartition: source.partition,
                                sourceOffset: source.offset)
                    }
                }
            views.append(DeadLetterRecordView(record, deadLetter: letter))
        } else if let sourcePartition, let sourceOffset {
            let service = service.map(ServiceClient.canonical)
            let matching = letters.filter {
                $0.sourcePartition == sourcePartition && $0.sourceOffset == sourceOffset && (service == nil || $0.service == service)
            }
            guard !matching.isEmpty else {
                throw CartCtlError(.failed, "no dead letter of source \(sourcePartition)/\(sourceOffset) on \(topic.topicName)")
            }
            views = matching.map { DeadLetterRecordView($0.message, deadLetter: $0) }
        }
        if output.isJSON { return try output.printJSON(Report(records: views)) }
        for view in views {
            print("\(view.dlqTopic) \(view.dlqPartition)/\(view.dlqOffset) key \(view.key ?? "-")")
            if let letter = view.deadLetter {
                print(
                    "status: \(letter.status.rawValue)"
                        + (letter.resolution.map { " (\($0.action) by \($0.by) at \($0.at): \($0.reason))" } ?? ""))
            }
            print("headers:")
            for header in view.headers { print("  \(header.name): \(header.value ?? "(null)")") }
            print("value:")
            print("  \(view.value)")
        }
    }
}
