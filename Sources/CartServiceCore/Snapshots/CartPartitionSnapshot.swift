import CartDomain
import EventSourcing
import Foundation

/// Every cart of one partition as of an offset, so a restart need not fold the partition from
/// its first record. Stored on the compacted topic `<events topic>.snapshots`, key `partition-N`.
///
/// `fingerprint` is the event id of the record just before `nextOffset`: a snapshot is used only
/// if the events topic still has that record there — a recreated or trimmed topic (the embedded
/// mock starts empty on each start) never gets paired with a snapshot of an old one.
struct CartPartitionSnapshot: Codable, Sendable {
    static let formatVersion = 1

    var formatVersion: Int
    var topic: String
    var partition: Int32
    /// The offset to continue reading at.
    var nextOffset: Int64
    /// `ce_id` of the record at `nextOffset - 1`.
    var fingerprint: String
    var takenAt: Date
    var carts: [Snapshot<CartState>]
    var idempotencyKeys: [String: IdempotencyRecord]

    var key: String { Self.key(partition: partition) }

    static func key(partition: Int32) -> String { "partition-\(partition)" }
}
