import CRdKafka
import Dispatch
import Synchronization

/// Runs librdkafka calls that block (commits, metadata, flush, transactions)
/// on Dispatch threads, so Swift's cooperative thread pool never blocks.
enum BlockingCalls {
    /// A queue for one blocking call. Serial queues run on Dispatch's overcommitting threads,
    /// so calls that block (some for up to `socket.timeout.ms` during an outage) get threads
    /// of their own instead of starving the width-limited concurrent pool that other work —
    /// Swift tasks included — shares on Linux.
    static var shared: DispatchQueue { DispatchQueue(label: "cartstream.kafka.blocking") }

    /// Fires the give-up timers of ``run(on:timeout:operation:_:)`` (never starved by blocked calls).
    private static let timers = DispatchQueue(label: "cartstream.kafka.blocking.timeouts")

    /// Runs `body` on `queue` (a Dispatch thread) and returns its result.
    static func run<T: Sendable>(
        on queue: DispatchQueue = BlockingCalls.shared,
        _ body: @escaping @Sendable () throws(KafkaError) -> T
    ) async throws(KafkaError) -> T {
        let result: Result<T, KafkaError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(KafkaError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Runs `body` like ``run(on:_:)`` but gives up waiting after `timeout` (plus a short grace),
    /// throwing a retriable `.timeout` error.
    ///
    /// Some librdkafka calls take a timeout yet wait for a request that only expires with
    /// `socket.timeout.ms` (60 s by default) when every broker is down — for example
    /// `rd_kafka_query_watermark_offsets`. The call keeps running on its Dispatch thread
    /// (it holds the client alive) and its late result is dropped; the caller moves on.
    static func run<T: Sendable>(
        on queue: DispatchQueue = BlockingCalls.shared,
        timeout: Duration,
        operation: String,
        _ body: @escaping @Sendable () throws(KafkaError) -> T
    ) async throws(KafkaError) -> T {
        let result: Result<T, KafkaError> = await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            queue.async {
                do throws(KafkaError) {
                    once.resume(.success(try body()))
                } catch {
                    once.resume(.failure(error))
                }
            }
            let grace = 250
            timers.asyncAfter(deadline: .now() + .milliseconds(Int(timeout.timeoutMilliseconds) + grace)) {
                once.resume(
                    .failure(
                        KafkaError(
                            code: RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue, kind: .timeout,
                            message: "\(operation) did not finish within \(timeout) (brokers unreachable?)", isRetriable: true)))
            }
        }
        return try result.get()
    }
}

/// Resumes a continuation with the first result only.
private final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: CheckedContinuation<Result<T, KafkaError>, Never>
    private let resumed = Atomic(false)

    init(_ continuation: CheckedContinuation<Result<T, KafkaError>, Never>) { self.continuation = continuation }

    func resume(_ result: Result<T, KafkaError>) {
        if !resumed.exchange(true, ordering: .acquiringAndReleasing) { continuation.resume(returning: result) }
    }
}
