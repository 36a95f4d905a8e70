public import Foundation
import Synchronization

/// Progress of the current or last replay, as `GET /admin/replay` shows it.
public struct ReplayStatus: Sendable, Codable, Equatable {
    /// `idle`, `running`, `swapping`, `completed` or `failed`.
    public var state: String
    /// The request.
    public var plan: ReplayPlan?
    /// Records applied (or recorded) so far.
    public var eventsApplied: Int
    /// Records between the start offsets and the high watermarks taken at the start.
    public var target: Int64
    /// Applied records per second since the start.
    public var eventsPerSecond: Double
    /// When it started.
    public var startedAt: Date?
    /// When it finished (swapped in or failed).
    public var finishedAt: Date?
    /// Why it failed.
    public var error: String?

    /// No replay yet.
    public static let idle = ReplayStatus(state: "idle", plan: nil, eventsApplied: 0, target: 0, eventsPerSecond: 0)
}

/// Shared, updatable replay progress.
final class ReplayProgress: Sendable {
    private let status = Mutex(ReplayStatus.idle)

    var current: ReplayStatus { status.withLock { $0 } }

    func update(_ change: (inout ReplayStatus) -> Void) {
        status.withLock { status in
            change(&status)
            if let started = status.startedAt {
                let elapsed = (status.finishedAt ?? Date()).timeIntervalSince(started)
                status.eventsPerSecond = elapsed > 0 ? (Double(status.eventsApplied) / elapsed * 10).rounded() / 10 : 0
            }
        }
    }
}
