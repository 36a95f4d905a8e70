import Synchronization

/// A service's health: alive unless something fatal happened, ready when every
/// registered component says so. Each component reports its own reason.
public final class HealthMonitor: Sendable {
    /// One component's state.
    public struct ComponentStatus: Sendable, Codable, Equatable {
        /// Whether this component is ready.
        public var ready: Bool
        /// Why not (or a note when ready).
        public var detail: String
    }

    /// The answer of the health endpoints.
    public struct Report: Sendable, Codable, Equatable {
        /// `"ok"` or `"unavailable"`.
        public var status: String
        /// Component name → status.
        public var components: [String: ComponentStatus]
    }

    private let state = Mutex<(fatal: String?, components: [String: ComponentStatus])>((nil, [:]))

    /// Creates a monitor with no components (ready).
    public init() {}

    /// Sets one component's readiness.
    /// - Parameters:
    ///   - component: a stable name such as `kafka` or `catch-up`.
    ///   - ready: whether it is ready.
    ///   - detail: why (shown by `/health/ready`).
    public func set(_ component: String, ready: Bool, detail: String = "") {
        state.withLock { $0.components[component] = ComponentStatus(ready: ready, detail: detail) }
    }

    /// Marks the service as not alive (liveness fails, so an orchestrator restarts it).
    /// - Parameter reason: why.
    public func markFatal(_ reason: String) {
        state.withLock { $0.fatal = reason }
    }

    /// True when no fatal error was recorded.
    public var isAlive: Bool { state.withLock { $0.fatal == nil } }

    /// True when alive and every component is ready.
    public var isReady: Bool { state.withLock { $0.fatal == nil && $0.components.values.allSatisfy(\.ready) } }

    /// The readiness report.
    public func readiness() -> Report {
        state.withLock { state in
            var components = state.components
            if let fatal = state.fatal { components["fatal"] = ComponentStatus(ready: false, detail: fatal) }
            let ready = state.fatal == nil && components.values.allSatisfy(\.ready)
            return Report(status: ready ? "ok" : "unavailable", components: components)
        }
    }
}
