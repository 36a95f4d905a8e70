import Synchronization

/// A value guarded by a mutex, readable and writable from any thread (internal to the Kafka module;
/// other modules use NIOConcurrencyHelpers' `NIOLockedValueBox`).
final class LockedValue<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    /// Creates a guarded value.
    /// - Parameter value: the initial value.
    init(_ value: Value) { mutex = Mutex(value) }

    /// The current value.
    func get() -> Value { mutex.withLock { $0 } }

    /// Replaces the value.
    func set(_ value: Value) { mutex.withLock { $0 = value } }

    /// Changes the value in place and returns what `body` returns.
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        try mutex.withLock { try body(&$0) }
    }
}
