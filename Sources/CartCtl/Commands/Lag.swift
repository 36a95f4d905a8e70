import ArgumentParser
import Foundation
import Kafka

/// `cartctl lag`: how far behind each service is, per partition.
struct Lag: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Per service and partition: log end, the group's committed offset and the service's own stored offset.")

    @OptionGroup var cluster: ClusterOptions
    @Option(name: .customLong("service"), help: "SERVICE=URL to ask for stored offsets (repeatable; default fraud, billing, email on localhost).")
    var services: [String] = []
    @Option(help: "Admin bearer token (ADMIN_TOKEN).") var token: String?

    func run() async throws {
        let partitions = try await cluster.partitions()
        let admin = try KafkaAdmin(configuration: cluster.client, logger: cluster.quietLogger)
        var ends: [Int32: Int64] = [:]
        for partition in partitions { ends[partition] = try await admin.watermarks(TopicPartition(cluster.topicName, partition)).high }
        let targets: [(String, URL)] = services.isEmpty
            ? ["fraud", "billing", "email"].compactMap { name in ServiceClient.defaultURL(for: name).map { (ServiceClient.canonical(name), $0) } }
            : try services.map { spec in
                let parts = spec.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let url = URL(string: String(parts[1])) else { throw ValidationError("--service takes NAME=URL") }
                return (ServiceClient.canonical(String(parts[0])), url)
            }
        print("topic \(cluster.topicName) at \(cluster.servers)")
        print("service          partition   log end   committed   stored   lag")
        for (name, url) in targets {
            let committed = try await admin.committedOffsets(groupID: name, partitions: partitions.map { TopicPartition(cluster.topicName, $0) })
            var stored: [String: Int] = [:]
            var note = ""
            do {
                let answer = try await ServiceClient(name: name, baseURL: url, token: token ?? ProcessInfo.processInfo.environment["ADMIN_TOKEN"])
                    .request("GET", "/admin/offsets")
                stored = (answer["offsets"] as? [String: Int]) ?? [:]
            } catch {
                note = "  (\(error))"
            }
            for partition in partitions {
                let end = ends[partition] ?? 0
                let group = (committed[TopicPartition(cluster.topicName, partition)] ?? nil)
                let own = stored[String(partition)].map(Int64.init)
                let position = own ?? group ?? 0
                let columns = [
                    name.padding(toLength: 16, withPad: " ", startingAt: 0), pad(String(partition), 9), pad(String(end), 9),
                    pad(group.map { String($0) } ?? "-", 11), pad(own.map { String($0) } ?? "-", 8), pad(String(max(0, end - position)), 5),
                ]
                print(columns.joined(separator: " "))
            }
            if !note.isEmpty { print(note) }
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
