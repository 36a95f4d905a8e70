import ArgumentParser
import Kafka

/// `cartctl produce`: write one raw record (for operators: repairs, tests of consumers' dead-letter handling).
struct Produce: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Append one raw record to the event topic (it becomes part of the permanent event log).")

    @OptionGroup var cluster: ClusterOptions
    @Option(help: "Record key (the cart id).") var key: String
    @Option(help: "Record value (JSON).") var value: String
    @Option(name: .customLong("header"), help: "A header as NAME=VALUE (repeatable).") var headers: [String] = []
    @Flag(help: "Do not ask for confirmation.") var yes = false

    func run() async throws {
        _ = try await cluster.partitions()
        var parsed: [KafkaHeader] = []
        for header in headers {
            guard let equals = header.firstIndex(of: "=") else { throw ValidationError("--header takes NAME=VALUE, got \(header)") }
            parsed.append(KafkaHeader(name: String(header[..<equals]), string: String(header[header.index(after: equals)...])))
        }
        try Terminal.requireConfirmation(
            "Append this record to \(cluster.topicName) at \(cluster.servers)? Events are immutable: it cannot be taken back.",
            assumeYes: yes)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: cluster.client), logger: cluster.quietLogger)
        let report = try await producer.send(KafkaProducerRecord(topic: cluster.topicName, key: key, value: value, headers: parsed))
        await producer.close()
        print("appended to \(report.topic) partition \(report.partition) offset \(report.offset)")
    }
}
