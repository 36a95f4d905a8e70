import Dispatch
import Synchronization

/// Decides who serves a producer's delivery reports at any moment, so that only one thread
/// does (as a C program's single loop would):
/// - while `enqueue` serves them itself (a bulk load), the poll thread pauses;
/// - while `flush` runs, `rd_kafka_flush` serves them and the poll thread pauses;
/// - a task about to wait for queue room wakes the poll thread at once.
final class InlinePollCoordinator: Sendable {
    private let servedInline = Atomic<Bool>(false)
    private let flushes = Atomic<Int>(0)
    private let wakeUp = DispatchSemaphore(value: 0)

    /// `enqueue` just served reports.
    func markServedInline() { if !servedInline.load(ordering: .relaxed) { servedInline.store(true, ordering: .relaxed) } }

    /// Poll thread: whether `enqueue` served reports since the last call (and clears it).
    func takeServedInline() -> Bool { servedInline.load(ordering: .relaxed) && servedInline.exchange(false, ordering: .relaxed) }

    /// Whether a flush is serving reports now.
    var isFlushing: Bool { flushes.load(ordering: .acquiring) > 0 }

    /// A flush starts serving reports.
    func beginFlush() { flushes.add(1, ordering: .acquiringAndReleasing) }

    /// A flush ended: the poll thread takes over again at once.
    func endFlush() {
        flushes.subtract(1, ordering: .acquiringAndReleasing)
        wakeUp.signal()
    }

    /// Poll thread: pauses up to `microseconds`, or until ``wake()``.
    func pause(microseconds: Int) { _ = wakeUp.wait(timeout: .now() + .microseconds(microseconds)) }

    /// A task is about to wait for queue room: the poll thread must serve reports now.
    func wake() {
        servedInline.store(false, ordering: .relaxed)
        wakeUp.signal()
    }
}
