import CartDomain
import EventSourcing
import Foundation
import Kafka
import KafkaEventStore
import Logging
import Metrics
import ServiceRuntime

/// The carts of one partition of the event topic, owned by this instance.
///
/// Commands on the partition run one at a time: decide on the current state, append the
/// events in a Kafka transaction (the partition's own transactional id fences any previous
/// owner), and evolve the state only after the broker acknowledged. The partition's records
/// also arrive from the topic (``apply(_:)``): that is how it is rebuilt on assignment, and
/// how it re-synchronises after a failed append whose outcome was unknown.
actor CartPartition {
    enum Phase: Sendable, Equatable {
        case starting
        case catchingUp(target: Int64)
        case ready
        case recovering
        case revoked
    }

    let partition: Int32
    private let topic: String
    private let codec: CartEventCodec
    private let commandTimeout: Duration
    private let logger: Logger
    private let metrics: CartServiceMetrics
    private let onPhaseChange: @Sendable (Int32, Phase) -> Void
    private var carts: [String: CartRecord] = [:]
    private var idempotency: [String: IdempotencyRecord] = [:]
    private var position: Int64 = 0
    private var endReached: Int64 = -1
    private var producer: KafkaProducer?
    private var makeProducer: (@Sendable () throws -> KafkaProducer)?
    private var highWatermark: (@Sendable () async throws -> Int64)?
    private(set) var phase: Phase = .starting
    private var commandRunning = false
    private let snapshotEvery: Int
    private let snapshots: CartSnapshotStore?
    private var eventsSinceSnapshot = 0
    private var lastFingerprint: (offset: Int64, eventID: String)?
    private var snapshotInFlight = false
    private var commandQueue: [CheckedContinuation<Void, Never>] = []

    init(
        partition: Int32, topic: String, codec: CartEventCodec, commandTimeout: Duration, logger: Logger,
        metrics: CartServiceMetrics, snapshots: CartSnapshotStore? = nil, snapshotEvery: Int = 0,
        onPhaseChange: @escaping @Sendable (Int32, Phase) -> Void
    ) {
        self.snapshots = snapshots
        self.snapshotEvery = snapshotEvery
        self.partition = partition
        self.topic = topic
        self.codec = codec
        self.commandTimeout = commandTimeout
        var logger = logger
        logger[metadataKey: "kafka.partition"] = "\(partition)"
        self.logger = logger
        self.metrics = metrics
        self.onPhaseChange = onPhaseChange
    }

    // MARK: - Lifecycle

    /// Takes ownership: creates the partition's transactional producer (fencing the previous
    /// owner), then catches up to the log end before accepting commands.
    func activate(
        snapshot: CartPartitionSnapshot?,
        makeProducer: @escaping @Sendable () throws -> KafkaProducer,
        highWatermark: @escaping @Sendable () async throws -> Int64
    ) async {
        if let snapshot { restore(snapshot) }
        self.makeProducer = makeProducer
        self.highWatermark = highWatermark
        await recover(reason: "partition assigned")
    }

    /// Starts from a verified snapshot: its carts, idempotency keys and offset.
    private func restore(_ snapshot: CartPartitionSnapshot) {
        for cart in snapshot.carts {
            var record = CartRecord()
            record.state = cart.state
            record.historyComplete = false
            carts[cart.streamID] = record
        }
        idempotency = snapshot.idempotencyKeys
        position = snapshot.nextOffset
        lastFingerprint = (snapshot.nextOffset - 1, snapshot.fingerprint)
        metrics.cartsChanged(by: snapshot.carts.count)
        logger.notice("restored from snapshot", metadata: ["kafka.offset": "\(snapshot.nextOffset)", "carts": "\(snapshot.carts.count)"])
    }

    /// Writes a snapshot of every cart at the current position (in the background).
    private func snapshotIfDue() {
        guard let snapshots, snapshotEvery > 0, eventsSinceSnapshot >= snapshotEvery, !snapshotInFlight, phase == .ready,
            let fingerprint = lastFingerprint, fingerprint.offset == position - 1
        else { return }
        let snapshot = CartPartitionSnapshot(
            formatVersion: CartPartitionSnapshot.formatVersion, topic: topic, partition: partition, nextOffset: position,
            fingerprint: fingerprint.eventID, takenAt: Date(),
            carts: carts.map { id, record in
                Snapshot(
                    state: record.state, streamID: id, sequence: record.state.version,
                    stateSchemaVersion: CartState.snapshotSchemaVersion, takenAt: Date())
            }.sorted { $0.streamID < $1.streamID },
            idempotencyKeys: idempotency)
        eventsSinceSnapshot = 0
        snapshotInFlight = true
        Task {
            do {
                try await snapshots.save(snapshot)
                self.logger.info(
                    "snapshot written", metadata: ["kafka.offset": "\(snapshot.nextOffset)", "carts": "\(snapshot.carts.count)"])
            } catch {
                self.logger.warning("snapshot failed", metadata: ["error": "\(error)"])
            }
            self.snapshotDone()
        }
    }

    private func snapshotDone() { snapshotInFlight = false }

    /// The cart with its complete history (older events read from the log after a snapshot restore).
    func completeRecord(_ cartID: String, reader: CartHistoryReader) async throws -> CartRecord? {
        // While catching up, a missing cart may just not be read yet: that is "unavailable", not "not found".
        guard phase == .ready else {
            throw CartCommandError.unavailable(reason: "partition \(partition) of \(topic) is \(phaseDescription)")
        }
        guard let record = carts[cartID], record.state.status != .none else { return nil }
        guard !record.historyComplete else { return record }
        // The log must give back every sequence number before the first one in memory; a read that
        // comes back short (a broker answering with a stale end while it catches up) is retried,
        // and an audit trail that stays incomplete is "unavailable", never served with holes.
        var delay = Duration.milliseconds(100)
        for attempt in 1...4 {
            let end = record.history.first?.offset ?? position
            let older = try await reader.events(cartID: cartID, partition: partition, before: end)
            guard var current = carts[cartID] else { return nil }
            if current.historyComplete { return current }
            let firstInMemory = current.history.first?.envelope.sequence ?? (current.state.version + 1)
            let completed = older.filter { $0.envelope.sequence < firstInMemory } + current.history
            if completed.map(\.envelope.sequence) == Array(1...max(1, current.state.version)) {
                current.history = completed
                current.historyComplete = true
                carts[cartID] = current
                return current
            }
            if attempt < 4 {
                try await Task.sleep(for: delay)
                delay *= 2
            }
        }
        throw CartCommandError.unavailable(
            reason: "the history of cart \(cartID) could not be read completely from partition \(partition) yet")
    }

    /// Gives up ownership; commands are refused from now on.
    func revoke() async {
        setPhase(.revoked)
        metrics.cartsChanged(by: -carts.count)
        carts = [:]
        idempotency = [:]
        let producer = self.producer
        self.producer = nil
        await producer?.close(timeout: .seconds(5))
        for waiter in commandQueue { waiter.resume() }
        commandQueue = []
    }

    /// Brings the producer to a clean state (no open transaction) and catches up to the log end,
    /// retrying with backoff while the brokers are unreachable.
    private func recover(reason: String) async {
        setPhase(.recovering)
        logger.notice("recovering partition", metadata: ["reason": "\(reason)"])
        var delay = Duration.milliseconds(200)
        while phase == .recovering {
            do {
                if producer == nil, let makeProducer {
                    let fresh = try makeProducer()
                    try await fresh.initTransactions(timeout: .seconds(30))
                    producer = fresh
                }
                guard let highWatermark else { return }
                let target = try await highWatermark()
                guard phase == .recovering else { return }
                setPhase(.catchingUp(target: target))
                checkCaughtUp()
                return
            } catch {
                logger.warning("partition recovery failed; retrying", metadata: ["error": "\(error)", "retry.in": "\(delay)"])
                if let error = error as? KafkaError, error.isFatal || error.kind == .transaction {
                    await producer?.close(timeout: .seconds(1))
                    producer = nil
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }

    private func setPhase(_ new: Phase) {
        guard phase != new else { return }
        phase = new
        onPhaseChange(partition, new)
    }

    private func checkCaughtUp() {
        guard case .catchingUp(let target) = phase else { return }
        if position >= target || endReached >= target {
            logger.info("partition caught up", metadata: ["kafka.offset": "\(position)", "carts": "\(carts.count)"])
            setPhase(.ready)
        }
    }

    // MARK: - Records from the topic

    /// Applies one record of this partition read from the topic (rebuild, echo of our own writes).
    func apply(_ message: KafkaMessage) {
        guard phase != .revoked else { return }
        position = max(position, message.offset + 1)
        do {
            let envelope = try codec.decode(EncodedEvent(message))
            let key = message.headers.string(CartEventHeaders.idempotencyKey)
            apply(envelope, offset: message.offset, idempotencyKey: key)
            if let id = message.headers.string("ce_id") { lastFingerprint = (message.offset, id) }
            eventsSinceSnapshot += 1
        } catch {
            metrics.undecodableEvents.increment()
            logger.error(
                "undecodable record on the event topic; ignored by the cart service",
                metadata: ["kafka.offset": "\(message.offset)", "error": "\(error)"])
        }
        checkCaughtUp()
        snapshotIfDue()
    }

    /// Notes that the consumer reached the partition's end at `offset`.
    func reachedEnd(at offset: Int64) {
        endReached = max(endReached, offset)
        checkCaughtUp()
    }

    private func apply(_ envelope: EventEnvelope<CartEvent>, offset: Int64, idempotencyKey: String?) {
        let cartID = envelope.streamID
        var record = carts[cartID] ?? CartRecord()
        if carts[cartID] == nil { metrics.cartsChanged(by: 1) }
        let expected = record.state.version + 1
        if envelope.sequence < expected { return }  // already applied (our own write, echoed back)
        if envelope.sequence > expected {
            metrics.sequenceGaps.increment()
            logger.error(
                "sequence gap in cart stream (trimmed or corrupted topic?)",
                metadata: ["cart.id": "\(cartID)", "expected": "\(expected)", "got": "\(envelope.sequence)"])
        }
        record.state = CartDecider.evolve(record.state, envelope.payload)
        record.state.version = envelope.sequence
        record.history.append(StoredCartEvent(envelope: envelope, partition: partition, offset: offset))
        carts[cartID] = record
        if let idempotencyKey {
            idempotency[idempotencyKey] = IdempotencyRecord(
                cartID: cartID, version: envelope.sequence, created: envelope.eventType == CartCreated.eventType)
        }
    }

    // MARK: - Queries

    /// The cart's record, if it exists in this partition.
    func record(_ cartID: String) -> CartRecord? {
        guard let record = carts[cartID], record.state.status != .none else { return nil }
        return record
    }

    /// Number of carts held.
    var cartCount: Int { carts.count }

    // MARK: - Commands

    /// Runs one command: decide, append transactionally, evolve.
    func execute(_ request: CartCommandRequest) async throws(CartCommandError) -> CartCommandOutcome {
        await acquire()
        defer { release() }
        guard phase == .ready, let producer else {
            throw .unavailable(reason: "partition \(partition) of \(topic) is \(phaseDescription) on this instance")
        }
        if let key = request.idempotencyKey, let earlier = idempotency[key] {
            guard earlier.cartID == request.cartID, let record = carts[request.cartID] else {
                throw .idempotencyKeyReused(key: key, cartID: earlier.cartID)
            }
            return CartCommandOutcome(
                cartID: request.cartID, state: record.state(atSequence: earlier.version), created: earlier.created,
                replayed: true, appended: 0)
        }
        let record = carts[request.cartID] ?? CartRecord()
        if case .createCart = request.command {
        } else if record.state.status == .none {
            throw .cartNotFound(request.cartID)
        }
        if let expected = request.expectedVersion, expected != record.state.version {
            throw .versionMismatch(expected: expected, current: record.state.version)
        }
        let events: [CartEvent]
        do { events = try CartDecider.decide(request.command, state: record.state) } catch { throw .domain(error) }
        guard !events.isEmpty else {
            return CartCommandOutcome(cartID: request.cartID, state: record.state, created: false, replayed: false, appended: 0)
        }
        let now = Date()
        let envelopes = events.enumerated().map { index, event in
            EventEnvelope(
                cartID: request.cartID, sequence: record.state.version + 1 + Int64(index), occurredAt: now,
                correlationID: request.correlationID, actor: request.actor, event: event)
        }
        var extraHeaders = request.extraHeaders
        if let key = request.idempotencyKey { extraHeaders.append(KafkaHeader(name: CartEventHeaders.idempotencyKey, string: key)) }
        let records = envelopes.map { envelope in
            var record = KafkaProducerRecord(codec.encode(envelope), topic: topic, extraHeaders: extraHeaders)
            record.partition = partition
            return record
        }
        let reports: [DeliveryReport]
        do {
            reports = try await appendTransactionally(records, producer: producer)
        } catch {
            logger.error(
                "append failed; the command is not recorded",
                metadata: ["cart.id": "\(request.cartID)", "error": "\(error)", "trace.id": "\(request.trace.traceID)"])
            Task { await self.abortAndRecover(after: error) }
            throw .unavailable(reason: "the broker did not acknowledge in time (\(error.codeName))")
        }
        for (envelope, report) in zip(envelopes, reports) {
            apply(envelope, offset: report.offset, idempotencyKey: request.idempotencyKey)
            logger.info(
                "event appended",
                metadata: [
                    "cart.id": "\(request.cartID)", "event.id": "\(envelope.eventID)", "event.type": "\(envelope.eventType)",
                    "event.sequence": "\(envelope.sequence)", "kafka.offset": "\(report.offset)", "trace.id": "\(request.trace.traceID)",
                ])
        }
        let state = carts[request.cartID]?.state ?? record.state
        return CartCommandOutcome(
            cartID: request.cartID, state: state, created: events.first?.eventType == CartCreated.eventType,
            replayed: false, appended: envelopes.count)
    }

    private func appendTransactionally(_ records: [KafkaProducerRecord], producer: KafkaProducer) async throws(KafkaError)
        -> [DeliveryReport]
    {
        let started = ContinuousClock.now
        defer { metrics.produceLatency.recordNanoseconds(Int64((ContinuousClock.now - started).nanoseconds)) }
        try producer.beginTransaction()
        let results = try await producer.send(contentsOf: records)
        var reports: [DeliveryReport] = []
        for result in results { reports.append(try result.get()) }
        try await producer.commitTransaction(timeout: commandTimeout)
        return reports
    }

    /// After a failed append: abort the open transaction (so its records never become visible to
    /// `read_committed` readers), then re-read the partition to the log end before the next command.
    private func abortAndRecover(after error: KafkaError) async {
        guard phase == .ready else { return }
        setPhase(.recovering)
        if let producer {
            do { try await producer.abortTransaction(timeout: commandTimeout) } catch {
                logger.warning("abort failed; recreating the producer", metadata: ["error": "\(error)"])
                await producer.close(timeout: .seconds(1))
                self.producer = nil
            }
        }
        await recover(reason: "append failed: \(error.codeName)")
    }

    private var phaseDescription: String {
        switch phase {
        case .starting: "starting"
        case .catchingUp: "catching up with the topic"
        case .ready: "ready"
        case .recovering: "recovering from a failed append"
        case .revoked: "not owned"
        }
    }

    private func acquire() async {
        if !commandRunning {
            commandRunning = true
            return
        }
        await withCheckedContinuation { commandQueue.append($0) }
    }

    private func release() {
        if commandQueue.isEmpty {
            commandRunning = false
        } else {
            commandQueue.removeFirst().resume()
        }
    }
}

/// Headers the cart service adds besides the event's own.
enum CartEventHeaders {
    /// The client's `Idempotency-Key`, so a rebuilt service still recognises a retried command.
    static let idempotencyKey = "cartstream_idempotency_key"
    /// W3C trace context of the HTTP request.
    static let traceparent = "traceparent"
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
