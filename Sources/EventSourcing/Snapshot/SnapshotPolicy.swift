/// Decides when a new snapshot should be taken.
public struct SnapshotPolicy: Sendable, Equatable {
    /// Take a snapshot once this many events were applied since the last one;
    /// `nil` means never.
    public let interval: Int64?

    /// Creates a policy.
    /// - Parameter interval: events between snapshots (must be positive), or `nil` for never.
    public init(interval: Int64?) {
        precondition(interval.map { $0 > 0 } ?? true, "snapshot interval must be positive")
        self.interval = interval
    }

    /// Snapshot every `count` events.
    /// - Parameter count: events between snapshots, at least 1.
    public static func every(_ count: Int64) -> SnapshotPolicy { SnapshotPolicy(interval: count) }

    /// Never snapshot.
    public static let never = SnapshotPolicy(interval: nil)

    /// Whether a snapshot should be taken after applying `sequence`.
    /// - Parameters:
    ///   - sequence: the last sequence applied.
    ///   - lastSnapshotSequence: the sequence of the newest snapshot, `nil` if none.
    public func shouldSnapshot(at sequence: Int64, lastSnapshotSequence: Int64?) -> Bool {
        guard let interval else { return false }
        return sequence - (lastSnapshotSequence ?? 0) >= interval
    }
}
