import ArgumentParser
import Foundation
import Kafka

/// The dead-letter topic read as an append-only log of dead letters AND their resolutions.
///
/// Services append dead letters (`dlq_reason`, `dlq_service`, `dlq_source_*` …); `cartctl dlq
/// discard|redrive` append resolution records to the same partition as the dead letter they
/// resolve: same key, a small JSON value, and the headers `dlq_action` (`discarded`/`redriven`),
/// `dlq_action_reason`, `dlq_action_by`, `dlq_action_at`, `dlq_service`, `dlq_source_topic`,
/// `dlq_source_partition`, `dlq_source_offset` and `dlq_resolves` (`P/O` of the dead letter).
///
/// Folding a partition in offset order gives each dead letter's status: a resolution closes the
/// dead letter of the same service and source position before it; a dead letter for that
/// position appearing after a resolution (the service rebuilt its model and failed again) opens it again.
struct DeadLetterLog {
    let cluster: ClusterOptions
    let topic: String

    /// Header names of resolution records.
    enum Header {
        static let action = "dlq_action"
        static let actionReason = "dlq_action_reason"
        static let actionBy = "dlq_action_by"
        static let actionAt = "dlq_action_at"
        static let resolves = "dlq_resolves"
    }

    /// Every record of the topic (by partition, in offset order) and the folded dead letters.
    func read() async throws -> (records: [KafkaMessage], deadLetters: [DeadLetter]) {
        let partitions = try await cluster.partitions(of: topic)
        let reader = KafkaPartitionReader(client: try cluster.client, clientIDSuffix: "dlq", logger: cluster.quietLogger)
        var records: [KafkaMessage] = []
        var letters: [DeadLetter] = []
        for partition in partitions.sorted() {
            var messages: [KafkaMessage] = []
            try await reader.read(TopicPartition(topic, partition), timeout: .seconds(60)) {
                messages.append($0)
                return true
            }
            records += messages
            letters += Self.fold(messages)
        }
        return (records, letters)
    }

    /// Folds one partition's records (in offset order) into dead letters with their status.
    static func fold(_ messages: [KafkaMessage]) -> [DeadLetter] {
        var order: [String] = []
        var byIdentity: [String: DeadLetter] = [:]
        for message in messages {
            let headers = message.headers
            // Records without the dlq_* headers are not CartStream dead letters.
            guard let (service, sourceTopic, sourcePartition, sourceOffset) = source(of: message) else { continue }
            let identity = DeadLetter.identity(
                service: service, sourceTopic: sourceTopic, sourcePartition: sourcePartition, sourceOffset: sourceOffset)
            if let action = headers.string(Header.action) {
                guard var letter = byIdentity[identity] else { continue }  // resolves nothing known
                letter.status = action == "redriven" ? .redriven : .discarded
                letter.resolution = DeadLetter.Resolution(
                    action: action, reason: headers.string(Header.actionReason) ?? "", by: headers.string(Header.actionBy) ?? "",
                    at: headers.string(Header.actionAt) ?? "", dlqPartition: message.partition, dlqOffset: message.offset)
                byIdentity[identity] = letter
                continue
            }
            if var letter = byIdentity[identity], letter.status == .open {
                letter.copies += 1
                byIdentity[identity] = letter
                continue
            }
            if byIdentity[identity] == nil { order.append(identity) }
            byIdentity[identity] = DeadLetter(
                dlqTopic: message.topic, dlqPartition: message.partition, dlqOffset: message.offset, copies: 1, service: service,
                reason: headers.string("dlq_reason") ?? "", detail: headers.string("dlq_detail") ?? "", sourceTopic: sourceTopic,
                sourcePartition: sourcePartition, sourceOffset: sourceOffset, failedAt: headers.string("dlq_failed_at") ?? "",
                key: message.keyString, eventType: headers.string("ce_type"), status: .open, resolution: nil, message: message)
        }
        return order.compactMap { byIdentity[$0] }
    }

    /// The `dlq_service` and `dlq_source_*` headers of a dead letter or resolution record.
    static func source(of message: KafkaMessage) -> (service: String, topic: String, partition: Int32, offset: Int64)? {
        let headers = message.headers
        guard let service = headers.string("dlq_service"), let topic = headers.string("dlq_source_topic"),
            let partition = headers.string("dlq_source_partition").flatMap(Int32.init),
            let offset = headers.string("dlq_source_offset").flatMap(Int64.init)
        else { return nil }
        return (service, topic, partition, offset)
    }

    /// Appends a resolution record for `letter` to its DLQ partition.
    func appendResolution(_ action: String, reason: String, by: String, for letter: DeadLetter, producer: KafkaProducer) async throws {
        let at = ISO8601DateFormatter().string(from: Date())
        let headers = [
            KafkaHeader(name: Header.action, string: action),
            KafkaHeader(name: Header.actionReason, string: reason),
            KafkaHeader(name: Header.actionBy, string: by),
            KafkaHeader(name: Header.actionAt, string: at),
            KafkaHeader(name: "dlq_service", string: letter.service),
            KafkaHeader(name: "dlq_source_topic", string: letter.sourceTopic),
            KafkaHeader(name: "dlq_source_partition", string: String(letter.sourcePartition)),
            KafkaHeader(name: "dlq_source_offset", string: String(letter.sourceOffset)),
            KafkaHeader(name: Header.resolves, string: "\(letter.dlqPartition)/\(letter.dlqOffset)"),
        ]
        let body: [String: Any] = [
            "action": action, "reason": reason, "by": by, "at": at, "service": letter.service,
            "source": ["topic": letter.sourceTopic, "partition": letter.sourcePartition, "offset": letter.sourceOffset],
        ]
        let value = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        _ = try await producer.send(
            KafkaProducerRecord(
                topic: topic, partition: letter.dlqPartition, key: letter.message.key, value: Array(value), headers: headers))
    }

    /// A producer for resolution records.
    func producer() throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(client: try cluster.client)
        configuration.linger = .milliseconds(1)
        return try KafkaProducer(configuration: configuration, logger: cluster.quietLogger)
    }

    /// Who acts: `$USER@hostname`.
    static var defaultActor: String {
        "\(CartCtlEnvironment.current.user ?? "unknown")@\(ProcessInfo.processInfo.hostName)"
    }
}

/// The DLQ topic: `--dlq-topic`, else `DLQ_TOPIC`, else `<event topic>.dlq`.
struct DeadLetterTopicOptions: ParsableArguments {
    @OptionGroup var cluster: ClusterOptions
    @Option(name: .customLong("dlq-topic"), help: "The dead-letter topic (DLQ_TOPIC, default <topic>.dlq).") var dlqTopic: String?

    var topicName: String { dlqTopic ?? CartCtlEnvironment.current.deadLetterTopic ?? "\(cluster.topicName).dlq" }
    var log: DeadLetterLog { DeadLetterLog(cluster: cluster, topic: topicName) }
}
