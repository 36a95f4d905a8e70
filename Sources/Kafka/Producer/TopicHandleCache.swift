import CRdKafka
import Synchronization

/// librdkafka topic handles by name, created on first use and destroyed with the cache.
///
/// The lookup runs once per produced message. Producers mostly write one topic at a
/// time, so the most recently used entry is published through an atomic pointer and
/// compared first, without a lock (identical or small strings compare by their bits).
/// Entries are never removed while the cache lives, so a published pointer stays valid.
final class TopicHandleCache: Sendable {
    /// One topic's handle; owned by `entries`, published through `last`.
    final class Entry: Sendable {
        let name: String
        nonisolated(unsafe) let handle: OpaquePointer
        init(name: String, handle: OpaquePointer) {
            self.name = name
            self.handle = handle
        }
    }

    private let client: RDKafkaClient
    private let entries = Mutex<[String: Entry]>([:])
    /// The address of the most recently created or looked-up `Entry` (unretained, kept alive
    /// by `entries`), or 0.
    private let last = Atomic<UInt>(0)

    init(client: RDKafkaClient) {
        self.client = client
    }

    deinit {
        for entry in entries.withLock({ Array($0.values) }) { rd_kafka_topic_destroy(entry.handle) }
    }

    /// The handle for `name`, created on first use.
    @inline(__always)
    func handle(for name: String) -> OpaquePointer {
        if let raw = UnsafeRawPointer(bitPattern: last.load(ordering: .acquiring)) {
            let hit = Unmanaged<Entry>.fromOpaque(raw)._withUnsafeGuaranteedRef { $0.name == name ? $0.handle : nil }
            if let hit { return hit }
        }
        return lookUpOrCreate(name)
    }

    /// The slow path of ``handle(for:)``: another topic than the last one.
    @inline(never)
    private func lookUpOrCreate(_ name: String) -> OpaquePointer {
        entries.withLock { entries in
            let entry: Entry
            if let existing = entries[name] {
                entry = existing
            } else {
                entry = Entry(name: name, handle: rd_kafka_topic_new(client.handle, name, nil)!)
                entries[name] = entry
            }
            last.store(UInt(bitPattern: Unmanaged.passUnretained(entry).toOpaque()), ordering: .releasing)
            return entry.handle
        }
    }
}
