import ArgumentParser
import Foundation
import Kafka

/// `cartctl lag`: how far behind each service is, per partition.
struct Lag: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Per service and partition: log end, the group's committed offset and the service's own stored offset.",
        discussion: "The lag is counted from the stored offset (the service's database is authoritative), else from the committed one.")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var output: OutputOptions
    @Option(
        name: .customLong("service"),
        help: "SERVICE=URL to ask for stored offsets (repeatable; default fraud, billing, email on localhost).")
    var services: [String] = []
    @Option(help: "Admin bearer token (ADMIN_TOKEN).") var token: String?

    func run() async throws {
        let partitions = try await cluster.partitions()
        let admin = try KafkaAdmin(configuration: cluster.client, logger: cluster.quietLogger)
        let topic = cluster.topicName
        var ends: [Int32: Int64] = [:]
        for partition in partitions { ends[partition] = try await admin.watermarks(TopicPartition(topic, partition)).high }
        let targets: [(String, URL)] =
            services.isEmpty
            ? ["fraud", "billing", "email"].compactMap { name in
                ServiceClient.defaultURL(for: name).map { (ServiceClient.canonical(name), $0) }
            }
            : try ServiceClient.targets(services, option: "--service").map { ($0.name, $0.url) }
        var report = LagReport(topic: topic, bootstrapServers: cluster.servers, services: [])
        for (name, url) in targets {
            var stored: StoredOffsets?
            var failure: String?
            do {
                stored = try await ServiceClient(name: name, baseURL: url, token: ServiceClient.token(token))
                    .request("GET", "/admin/offsets", as: StoredOffsets.self)
            } catch {
                failure = "\(error)"
            }
            let group = stored?.group ?? name
            let committed = try await admin.committedOffsets(groupID: group, partitions: partitions.map { TopicPartition(topic, $0) })
            let own = (stored?.offsets ?? []).filter { $0.topic == topic }.reduce(into: [Int32: StoredOffsets.Entry]()) {
                $0[$1.partition] = $1
            }
            let rows = partitions.map { partition -> LagReport.Partition in
                let end = ends[partition] ?? 0
                let group = committed[TopicPartition(topic, partition)] ?? nil
                let next = own[partition]?.nextOffset
                return LagReport.Partition(
                    partition: partition, logEnd: end, committed: group, stored: next, lag: max(0, end - (next ?? group ?? 0)),
                    halted: own[partition]?.halted)
            }
            report.services.append(
                LagReport.Service(service: name, url: url.absoluteString, group: group, error: failure, partitions: rows))
        }
        if output.isJSON { return try output.printJSON(report) }
        print("topic \(topic) at \(cluster.servers)")
        print("service          partition   log end   committed   stored   lag")
        for service in report.services {
            for row in service.partitions {
                let columns = [
                    service.service.padding(toLength: 16, withPad: " ", startingAt: 0), pad(String(row.partition), 9),
                    pad(String(row.logEnd), 9),
                    pad(row.committed.map { String($0) } ?? "-", 11), pad(row.stored.map { String($0) } ?? "-", 8), pad(String(row.lag), 5),
                ]
                print(columns.joined(separator: " ") + (row.halted.map { "  HALTED: \($0)" } ?? ""))
            }
            if let error = service.error { print("  (\(error))") }
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
