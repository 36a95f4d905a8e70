import Dispatch

/// Runs librdkafka calls that block (commits, metadata, flush, transactions)
/// on Dispatch threads, so Swift's cooperative thread pool never blocks.
enum BlockingCalls {
    /// The shared queue for one-off blocking calls.
    static let shared = DispatchQueue(label: "cartstream.kafka.blocking", attributes: .concurrent)

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
}
