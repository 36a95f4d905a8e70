import CRdKafka
import Synchronization

/// Producer bookkeeping shared with the delivery-report callback: counts of
/// untracked (enqueued) deliveries, the first failure since the last flush,
/// and tasks waiting for room in librdkafka's full queue.
final class DeliveryLedger: Sendable {
    struct State {
        var failed = 0
        var firstFailure: KafkaError?
        var spaceWaiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiterID: UInt64 = 0
    }

    private let state = Mutex(State())
    // Hot path (once per message): an atomic, not the mutex. `enqueue` reads the
    // generation before every produce call and the delivery callback counts every
    // acknowledged untracked message, so a lock each time showed in profiles
    // (contended between the producing task and the poll thread). The generation
    // only changes inside `state`'s lock (see
    // `signalSpace`/`waitForSpace`), so waiters still cannot miss a wake-up.
    private let generationCounter = Atomic<UInt64>(0)
    private let deliveredCount = Atomic<Int>(0)

    /// A counter that moves each time the poll thread serves delivery reports.
    var generation: UInt64 { generationCounter.load(ordering: .acquiring) }

    /// Counts one acknowledged message sent with `enqueue` (lock-free).
    func recordDelivered() {
        // `wrappingAdd` is one locked add; `add` checks for overflow with a compare-and-swap loop.
        deliveredCount.wrappingAdd(1, ordering: .relaxed)
    }

    func recordUntracked(_ result: Result<DeliveryReport, KafkaError>) {
        switch result {
        case .success: recordDelivered()
        case .failure(let error):
            state.withLock { state in
                state.failed += 1
                if state.firstFailure == nil { state.firstFailure = error }
            }
        }
    }

    /// Wakes tasks waiting for queue space; called after a poll served events.
    func signalSpace() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            generationCounter.add(1, ordering: .releasing)
            let waiters = Array(state.spaceWaiters.values)
            state.spaceWaiters = [:]
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Suspends until reports were served after `generation` was read (no busy spinning).
    func waitForSpace(after generation: UInt64) async {
        let id = state.withLock { state in
            defer { state.nextWaiterID &+= 1 }
            return state.nextWaiterID
        }
        // Cancellation ends the wait at once (the caller's retry then sees the cancellation or room).
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    // Compared under the lock that `signalSpace` bumps it in: no lost wake-up.
                    if generationCounter.load(ordering: .acquiring) != generation || Task.isCancelled { return true }
                    state.spaceWaiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.spaceWaiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Returns and resets the untracked counts since the last call.
    func takeSummary() -> DeliverySummary {
        state.withLock { state in
            let delivered = deliveredCount.exchange(0, ordering: .acquiringAndReleasing)
            let summary = DeliverySummary(delivered: delivered, failed: state.failed, firstFailure: state.firstFailure)
            state.failed = 0
            state.firstFailure = nil
            return summary
        }
    }
}

/// Counts of messages sent with ``KafkaProducer/enqueue(_:)`` since the previous flush.
public struct DeliverySummary: Sendable, Equatable {
    /// Messages the broker acknowledged.
    public var delivered: Int
    /// Messages that failed for good.
    public var failed: Int
    /// The first failure, if any.
    public var firstFailure: KafkaError?
}

/// Something waiting for one message's delivery report; passed to librdkafka as the message opaque.
class DeliveryCompletion: @unchecked Sendable {
    func complete(_ result: Result<DeliveryReport, KafkaError>) {}
}

/// One awaiting `send`.
final class SingleDelivery: DeliveryCompletion, @unchecked Sendable {
    private let continuation: CheckedContinuation<Result<DeliveryReport, KafkaError>, Never>
    init(_ continuation: CheckedContinuation<Result<DeliveryReport, KafkaError>, Never>) {
        self.continuation = continuation
    }
    override func complete(_ result: Result<DeliveryReport, KafkaError>) { continuation.resume(returning: result) }
}

/// All messages of one `send(contentsOf:)` call; resumes once every slot reported.
final class BatchDelivery: Sendable {
    private struct State {
        var results: [Result<DeliveryReport, KafkaError>?]
        var remaining: Int
        var continuation: CheckedContinuation<[Result<DeliveryReport, KafkaError>], Never>?
    }
    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(results: Array(repeating: nil, count: count), remaining: count, continuation: nil))
    }

    func complete(index: Int, _ result: Result<DeliveryReport, KafkaError>) {
        let finished = state.withLock {
            state -> (CheckedContinuation<[Result<DeliveryReport, KafkaError>], Never>, [Result<DeliveryReport, KafkaError>])? in
            state.results[index] = result
            state.remaining -= 1
            guard state.remaining == 0, let continuation = state.continuation else { return nil }
            state.continuation = nil
            return (continuation, state.results.map { $0! })
        }
        if let (continuation, results) = finished { continuation.resume(returning: results) }
    }

    func wait() async -> [Result<DeliveryReport, KafkaError>] {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> [Result<DeliveryReport, KafkaError>]? in
                if state.remaining == 0 { return state.results.map { $0! } }
                state.continuation = continuation
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }
}

/// One slot of a batch.
final class BatchSlotDelivery: DeliveryCompletion, @unchecked Sendable {
    private let batch: BatchDelivery
    private let index: Int
    init(batch: BatchDelivery, index: Int) {
        self.batch = batch
        self.index = index
    }
    override func complete(_ result: Result<DeliveryReport, KafkaError>) { batch.complete(index: index, result) }
}

/// librdkafka's delivery-report callback: completes a tracked message or counts an untracked one.
let rdKafkaDeliveryCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
    _, message, opaque in
    guard let message else { return }
    // Fast path for `enqueue`d (untracked) messages that were acknowledged: only count them,
    // in a few instructions (this runs for every enqueued record). Building a DeliveryReport
    // nobody reads (topic name String, timestamp) cost more than the count itself. The client
    // keeps its context alive for as long as librdkafka may call back: no retain/release.
    if message.pointee._private == nil, message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR, let opaque {
        Unmanaged<RDKafkaClientContext>.fromOpaque(opaque)._withUnsafeGuaranteedRef { $0.deliveries?.recordDelivered() }
        return
    }
    completeDelivery(message, opaque: opaque)
}

/// A tracked delivery (an awaiting `send`) or a failed one: builds its report or error and
/// hands it over. Kept out of line so the callback's fast path stays small.
@inline(never)
private func completeDelivery(_ message: UnsafePointer<rd_kafka_message_t>, opaque: UnsafeMutableRawPointer?) {
    let result: Result<DeliveryReport, KafkaError>
    if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        result = .success(
            DeliveryReport(
                topic: String(cString: rd_kafka_topic_name(message.pointee.rkt)),
                partition: message.pointee.partition,
                offset: message.pointee.offset,
                timestampMilliseconds: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp))
    } else {
        let topic = String(cString: rd_kafka_topic_name(message.pointee.rkt))
        var error = KafkaError.from(message.pointee.err, kind: .delivery, context: "delivery to \(topic) failed")
        if message.pointee.err == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT {
            error = KafkaError(code: error.code, kind: .timeout, message: error.message, isRetriable: true)
        }
        error.possiblyPersisted = rd_kafka_message_status(message) != RD_KAFKA_MSG_STATUS_NOT_PERSISTED
        result = .failure(error)
    }
    if let tracked = message.pointee._private {
        Unmanaged<DeliveryCompletion>.fromOpaque(tracked).takeRetainedValue().complete(result)
    } else if let context = RDKafkaClientContext.from(opaque: opaque) {
        context.deliveries?.recordUntracked(result)
    }
}
