import CartDomain
import EventSourcing
import Foundation
import Kafka
import KafkaEventStore
import Logging

/// Writes and reads cart-partition snapshots on a compacted topic, and checks each against the
/// events topic before it is trusted.
final class CartSnapshotStore: Sendable {
    let snapshotTopic: String
    private let eventsTopic: String
    private let client: KafkaClientConfiguration
    private let producer: KafkaProducer
    private let logger: Logger

    init(eventsTopic: String, client: KafkaClientConfiguration, logger: Logger) throws {
        self.eventsTopic = eventsTopic
        self.snapshotTopic = "\(eventsTopic).snapshots"
        self.client = client
        self.logger = logger
        var configuration = KafkaProducerConfiguration(client: client)
        configuration.client.clientID = "\(client.clientID)-snapshots"
        producer = try KafkaProducer(configuration: configuration, logger: logger)
    }

    /// The topic specification (compacted: only the latest snapshot per partition matters).
    static func specification(eventsTopic: String, replicationFactor: Int16) -> KafkaTopicSpecification {
        KafkaTopicSpecification(
            name: "\(eventsTopic).snapshots", partitions: 1, replicationFactor: replicationFactor,
            configs: ["cleanup.policy": "compact"])
    }

    /// Stores a snapshot (acknowledged before this returns).
    func save(_ snapshot: CartPartitionSnapshot) async throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        let value = try encoder.encode(snapshot)
        _ = try await producer.send(KafkaProducerRecord(topic: snapshotTopic, key: Array(snapshot.key.utf8), value: Array(value)))
    }

    /// The latest snapshot of each partition that still matches the events topic.
    func loadVerified() async -> [Int32: CartPartitionSnapshot] {
        let latest: [Int32: CartPartitionSnapshot]
        do { latest = try await loadLatest() } catch {
            logger.warning("cannot read snapshots; rebuilding from the beginning of the log", metadata: ["error": "\(error)"])
            return [:]
        }
        var verified: [Int32: CartPartitionSnapshot] = [:]
        for (partition, snapshot) in latest {
            switch await verify(snapshot) {
            case .success: verified[partition] = snapshot
            case .failure(let reason):
                logger.critical(
                    "snapshot does not match the events topic; ignoring it and rebuilding the partition from the beginning",
                    metadata: ["kafka.partition": "\(partition)", "snapshot.offset": "\(snapshot.nextOffset)", "reason": "\(reason)"])
            }
        }
        return verified
    }

    func close() async { await producer.close(timeout: .seconds(5)) }

    private func loadLatest() async throws -> [Int32: CartPartitionSnapshot] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        var latest: [Int32: CartPartitionSnapshot] = [:]
        try await reader("snapshot-reader").read(TopicPartition(snapshotTopic, 0)) { message in
            if let snapshot = try? decoder.decode(CartPartitionSnapshot.self, from: Data(message.value)),
                snapshot.formatVersion == CartPartitionSnapshot.formatVersion, snapshot.topic == eventsTopic,
                snapshot.nextOffset >= latest[snapshot.partition]?.nextOffset ?? -1
            {
                latest[snapshot.partition] = snapshot
            }
            return true
        }
        return latest
    }

    enum Mismatch: Error, CustomStringConvertible {
        case outsideLog(low: Int64, high: Int64)
        case differentRecord(found: String?)
        case unreadable(String)

        var description: String {
            switch self {
            case .outsideLog(let low, let high): "the snapshot's offset lies outside the log \(low)..<\(high) (topic recreated or trimmed)"
            case .differentRecord(let found):
                "the record before the snapshot's offset is \(found ?? "missing"), not the snapshot's (topic recreated)"
            case .unreadable(let reason): "cannot read the events topic: \(reason)"
            }
        }
    }

    /// Checks that the events topic still holds, just before `nextOffset`, the record the snapshot saw.
    private func verify(_ snapshot: CartPartitionSnapshot) async -> Result<Void, Mismatch> {
        let partition = TopicPartition(eventsTopic, snapshot.partition)
        do {
            // One read gives both the log's bounds and the record before the snapshot's offset.
            var message: KafkaMessage?
            let marks = try await reader("snapshot-check").read(
                partition, from: snapshot.nextOffset - 1, upTo: snapshot.nextOffset, timeout: .seconds(10)
            ) { found in
                message = found
                return false
            }
            guard snapshot.nextOffset <= marks.high, snapshot.nextOffset - 1 >= marks.low else {
                return .failure(.outsideLog(low: marks.low, high: marks.high))
            }
            let id = message?.headers.string("ce_id")
            return id == snapshot.fingerprint ? .success(()) : .failure(.differentRecord(found: id))
        } catch {
            return .failure(.unreadable("\(error)"))
        }
    }

    private func reader(_ suffix: String) -> KafkaPartitionReader {
        KafkaPartitionReader(client: client, clientIDSuffix: suffix, prefetchMessages: 1000, logger: logger)
    }
}
