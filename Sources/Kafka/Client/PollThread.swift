import Foundation
import Synchronization

/// A dedicated OS thread that runs a blocking poll loop (never on Swift's cooperative pool).
final class PollThread: Sendable {
    private let running = Atomic<Bool>(true)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `iteration` in a loop until ``stop()``; each call should block for at most a short timeout.
    /// - Parameters:
    ///   - name: the thread's name, visible in debuggers.
    ///   - iteration: one poll round.
    init(name: String, iteration: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            while self.running.load(ordering: .acquiring) { iteration() }
            self.finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Stops the loop and waits (on a Dispatch thread) until it has ended.
    func stop() async {
        guard running.exchange(false, ordering: .acquiringAndReleasing) else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async { [finished] in
                finished.wait()
                continuation.resume()
            }
        }
    }
}
