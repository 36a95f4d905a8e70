import ArgumentParser
import Foundation
import Kafka

/// `cartctl dlq redrive`: have the services that dead-lettered records apply them now.
struct DeadLetterRedrive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redrive",
        abstract: "Re-drive dead letters: the service that dead-lettered each re-reads it from the event topic and applies it, once.",
        discussion: """
            Each selected dead letter goes to its service (dlq_service) as POST /admin/dlq/redrive. The service \
            answers per record: applied, already-redriven, still-undecodable (with the reason), not-found or \
            not-dead-lettered. Applied and already-redriven ones are marked redriven on the DLQ topic. Exit status 1 \
            when any selected record was not re-driven.
            """)

    @OptionGroup var topic: DeadLetterTopicOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .customLong("source-partition"), help: "Source partition of a dead letter (repeatable; comma lists allowed).")
    var sourcePartitions: [String] = []
    @Option(name: .customLong("source-offset"), help: "Source offset, paired with --source-partition (repeatable; comma lists allowed).")
    var sourceOffsets: [String] = []
    @Option(
        name: [.customLong("reason"), .customLong("failure-reason")],
        help: "Select open dead letters with this failure reason (dlq_reason).")
    var failureReason: String?
    @Flag(name: .customLong("all-open"), help: "Select every open dead letter.") var allOpen = false
    @Option(help: "Only dead letters of this service.") var service: String?
    @Option(name: .customLong("service-url"), help: "SERVICE=URL of a service's admin API (repeatable; default localhost ports).")
    var serviceURLs: [String] = []
    @Option(help: "Admin bearer token (ADMIN_TOKEN).") var token: String?
    @Option(help: "Who re-drives them (dlq_action_by; default $USER@host).") var by: String?
    @Flag(help: "Do not ask for confirmation.") var yes = false

    /// One dead letter's answer (`--output json`: `{"results": [...]}`).
    struct Result: Encodable {
        var service: String
        var sourceTopic: String
        var sourcePartition: Int32
        var sourceOffset: Int64
        var dlqPartition: Int32
        var dlqOffset: Int64
        /// applied, already-redriven, still-undecodable, not-found or not-dead-lettered.
        var outcome: String
        var reason: String?
        var detail: String?

        private enum CodingKeys: String, CodingKey {
            case service, sourceTopic, sourcePartition, sourceOffset, dlqPartition, dlqOffset, outcome, reason, detail
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(service, forKey: .service)
            try container.encode(sourceTopic, forKey: .sourceTopic)
            try container.encode(sourcePartition, forKey: .sourcePartition)
            try container.encode(sourceOffset, forKey: .sourceOffset)
            try container.encode(dlqPartition, forKey: .dlqPartition)
            try container.encode(dlqOffset, forKey: .dlqOffset)
            try container.encode(outcome, forKey: .outcome)
            try container.encode(reason, forKey: .reason)
            try container.encode(detail, forKey: .detail)
        }
    }

    struct Report: Encodable {
        var results: [Result]
    }

    func run() async throws {
        let selection = DeadLetterSelection(
            sourcePartitions: try DeadLetterSelection.numbers(sourcePartitions, option: "--source-partition"),
            sourceOffsets: try DeadLetterSelection.numbers(sourceOffsets, option: "--source-offset"),
            failureReason: failureReason, allOpen: allOpen, service: service)
        let urls = Dictionary(try ServiceClient.targets(serviceURLs, option: "--service-url").map { ($0.name, $0.url) }) { $1 }
        let log = topic.log
        let selected = try selection.select(from: try await log.read().deadLetters).filter { letter in
            if letter.status == .discarded {
                printError("skipping \(letter.identity): discarded")
                return false
            }
            return true
        }
        guard !selected.isEmpty else { throw CartCtlError(.failed, "no dead letter matches the selection on \(topic.topicName)") }
        var services: [String] = []
        for letter in selected where !services.contains(letter.service) { services.append(letter.service) }
        let clients = try services.map { name -> ServiceClient in
            guard let url = urls[name] ?? ServiceClient.defaultURL(for: name) else {
                throw ValidationError("no address for \(name): pass --service-url \(name)=URL")
            }
            return ServiceClient(name: name, baseURL: url, token: ServiceClient.token(token))
        }
        try Terminal.requireConfirmation(
            "Re-drive \(selected.count) dead letter(s) through \(services.joined(separator: ", "))? Applied events change the read models.",
            assumeYes: yes)
        let producer = try log.producer()
        var results: [Result] = []
        for client in clients {
            let letters = selected.filter { $0.service == client.name }
            let request = RedriveWire.Request(
                records: letters.map {
                    RedriveWire.SourceRecord(topic: $0.sourceTopic, partition: $0.sourcePartition, offset: $0.sourceOffset)
                })
            let response = try await client.request("POST", "/admin/dlq/redrive", body: request, as: RedriveWire.Response.self)
            for letter in letters {
                let answer = response.results.first {
                    $0.topic == letter.sourceTopic && $0.partition == letter.sourcePartition && $0.offset == letter.sourceOffset
                }
                let outcome = answer?.outcome ?? "not-found"
                if (outcome == "applied" || outcome == "already-redriven") && letter.status != .redriven {
                    try await log.appendResolution(
                        "redriven", reason: outcome, by: by ?? DeadLetterLog.defaultActor, for: letter, producer: producer)
                }
                results.append(
                    Result(
                        service: letter.service, sourceTopic: letter.sourceTopic, sourcePartition: letter.sourcePartition,
                        sourceOffset: letter.sourceOffset,
                        dlqPartition: letter.dlqPartition, dlqOffset: letter.dlqOffset, outcome: outcome, reason: answer?.reason,
                        detail: answer?.detail ?? (answer == nil ? "\(client.name) did not answer for this record" : nil)))
            }
        }
        await producer.close()
        if output.isJSON {
            try output.printJSON(Report(results: results))
        } else {
            for result in results {
                let why = [result.reason, result.detail].compactMap { $0 }.joined(separator: ": ")
                print(
                    "\(result.service) source \(result.sourcePartition)/\(result.sourceOffset): \(result.outcome)\(why.isEmpty ? "" : " (\(why))")"
                )
            }
        }
        let failed = results.filter { $0.outcome != "applied" && $0.outcome != "already-redriven" }
        if !failed.isEmpty {
            let counts = Dictionary(grouping: failed, by: \.outcome).map { "\($0.key): \($0.value.count)" }.sorted().joined(separator: ", ")
            throw CartCtlError(.failed, "\(failed.count) of \(results.count) dead letter(s) were not re-driven (\(counts))")
        }
    }
}
