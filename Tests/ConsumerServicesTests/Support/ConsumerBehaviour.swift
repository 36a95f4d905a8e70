import CartDomain
import ConsumerRuntime
import EventSourcing
import Foundation
import GRDB
import Kafka
import KafkaEventStore
import ServiceRuntime
import Testing

/// Behaviour every consumer service must show, run once per service.
struct ConsumerBehaviour<Model: ReadModel> {
    let service: String
    let make: @Sendable (ConsumerConfiguration, TestBed) throws -> ConsumerRuntime<Model>

    /// Restarts at random points leave the same model as one full replay.
    func restartsMatchFullReplay(script: CartScript = .sample, seed: UInt64) async throws {
        let bed = try TestBed()
        defer { bed.removeFiles() }
        let configuration = bed.configuration(service: service, database: "live.sqlite")
        let events = script.envelopes
        let half = events.count / 2
        try await bed.produce(Array(events[..<half]))
        var generator = SeededGenerator(seed: seed)
        for round in 0..<4 {
            let running = RunningConsumer(try make(configuration, bed))
            if round == 1 { try await bed.produce(Array(events[half...])) }
            try await Task.sleep(for: .milliseconds(Int.random(in: 20...400, using: &generator)))
            await running.stop()
        }
        let final = RunningConsumer(try make(configuration, bed))
        try await final.waitUntilCaughtUp(bed)
        let live = try final.runtime.store.checksum()
        let replayed = try final.runtime.scratchStore(suffix: "replay-check")
        try await final.runtime.rebuild(into: replayed, plan: .beginning)
        #expect(try replayed.checksum() == live, "restarted consumption and full replay disagree")
        replayed.destroy()
        await final.stop()
    }

    /// Undecodable records go to the DLQ with reason headers; the good ones are applied.
    func poisonRecordsAreDeadLettered(verify: @Sendable (Database) throws -> Void) async throws {
        let bed = try TestBed()
        defer { bed.removeFiles() }
        let events = CartScript.sample.envelopes
        let template = CartEventCodec.cart.encode(events[0])
        func poison(_ change: (inout KafkaProducerRecord) -> Void) -> KafkaProducerRecord {
            var record = KafkaProducerRecord(template, topic: bed.topic)
            record.key = Array("cart-poison".utf8)
            record.headers = record.headers.map { $0.name == EventHeader.id ? KafkaHeader(name: $0.name, string: UUID().uuidString) : $0 }
            change(&record)
            return record
        }
        func replacing(_ name: String, _ value: String) -> (inout KafkaProducerRecord) -> Void {
            { record in record.headers = record.headers.map { $0.name == name ? KafkaHeader(name: name, string: value) : $0 } }
        }
        try await bed.produce(Array(events[..<5]))
        try await bed.produce(records: [
            poison { $0.value = Array("{not json".utf8) },
            poison(replacing(EventHeader.type, "cart.teleported")),
            poison(replacing(EventHeader.schemaVersion, "99")),
        ])
        try await bed.produce(Array(events[5...]))
        let running = RunningConsumer(try make(bed.configuration(service: service, database: "poison.sqlite"), bed))
        try await running.waitUntilCaughtUp(bed)
        let letters = try await bed.deadLetters(count: 3)
        #expect(letters.count == 3)
        #expect(
            Set(letters.compactMap { $0.headers.string("dlq_reason") }) == [
                "malformed_payload", "unknown_event_type", "unsupported_schema_version",
            ])
        for letter in letters {
            #expect(letter.headers.string("dlq_source_topic") == bed.topic)
            #expect(letter.headers.string("dlq_service") == service)
            #expect(letter.headers.string("dlq_source_partition") != nil)
            #expect(letter.headers.string("dlq_source_offset") != nil)
            #expect(letter.headers.string("dlq_failed_at") != nil)
            #expect(letter.headers.string("dlq_detail")?.isEmpty == false)
            #expect(letter.keyString == "cart-poison")
            #expect(letter.headers.string(EventHeader.type) != nil, "original headers are kept")
        }
        try await running.runtime.store.database.read { try verify($0) }
        await running.stop()
    }

    /// Replays from the beginning (live swap), from offsets and from timestamps.
    func replays() async throws {
        let bed = try TestBed()
        defer { bed.removeFiles() }
        let script = CartScript.sample
        try await bed.produce(script.envelopes)
        let running = RunningConsumer(try make(bed.configuration(service: service, database: "replay.sqlite"), bed))
        try await running.waitUntilCaughtUp(bed)
        let runtime = running.runtime
        let full = try runtime.store.checksum()
        let empty = try runtime.scratchStore(suffix: "empty").checksum()
        #expect(full != empty)

        // From the beginning, through the admin path: rebuilt aside, swapped in.
        try runtime.startReplay(.beginning)
        try await eventually("replay completed") { runtime.replayStatus.state == "completed" }
        #expect(runtime.replayStatus.eventsApplied == script.envelopes.count)
        #expect(try runtime.store.checksum() == full)

        let marks = try await bed.highWatermarks()
        func rebuilt(_ plan: ReplayPlan) async throws -> String {
            let store = try runtime.scratchStore(suffix: "plan")
            defer { store.destroy() }
            try await runtime.rebuild(into: store, plan: plan)
            return try store.checksum()
        }
        #expect(try await rebuilt(.offsets([0: 0, 1: 0])) == full)
        #expect(try await rebuilt(.offsets(marks)) == empty)
        let partial = try await rebuilt(.offsets([0: max(0, (marks[0] ?? 0) - 2)]))
        #expect(partial != full && partial != empty)
        let first = script.envelopes.first!.occurredAt
        let last = script.envelopes.last!.occurredAt
        #expect(try await rebuilt(.timestamp(first)) == full)
        #expect(try await rebuilt(.timestamp(last.addingTimeInterval(1))) == empty)
        await running.stop()
    }

    /// A start during a broker outage waits (not ready, nothing halted, nothing failed), resumes
    /// when the brokers return, and a stop during an outage is prompt.
    func ridesOutABrokerOutage() async throws {
        let bed = try TestBed()
        defer { bed.removeFiles() }
        try await bed.produce(CartScript.sample.envelopes)
        let configuration = bed.configuration(service: service, database: "live.sqlite")
        let first = RunningConsumer(try make(configuration, bed))
        try await first.waitUntilCaughtUp(bed)
        let caughtUp = try first.runtime.store.checksum()
        await first.stop()

        try bed.cluster.setAllBrokersDown()
        let second = RunningConsumer(try make(configuration, bed))
        try await eventually("waiting for the brokers is visible in health", timeout: .seconds(40)) {
            second.runtime.health.readiness().components["consumer"]?.detail.hasPrefix("cannot ") == true
        }
        #expect(second.runtime.haltedPartitions.isEmpty, "an outage is not a topic mismatch")
        try bed.cluster.setAllBrokersUp()
        try await eventually("ready after the outage", timeout: .seconds(60)) { second.runtime.health.isReady }
        #expect(try second.runtime.store.checksum() == caughtUp)
        await second.stop()

        try bed.cluster.setAllBrokersDown()
        let third = RunningConsumer(try make(configuration, bed))
        try await Task.sleep(for: .seconds(1))
        let stopping = ContinuousClock.now
        await third.stop()
        let took = ContinuousClock.now - stopping
        #expect(took < .seconds(20), "stopping during an outage took \(took)")
        try bed.cluster.setAllBrokersUp()
    }

    /// An old database in front of a recreated (empty, then different) topic is detected, not skipped.
    func recreatedTopicIsDetected() async throws {
        let original = try TestBed()
        defer { original.removeFiles() }
        try await original.produce(CartScript.sample.envelopes)
        let first = RunningConsumer(try make(original.configuration(service: service, database: "old.sqlite"), original))
        try await first.waitUntilCaughtUp(original)
        let before = try first.runtime.storedOffsets()
        let modelBefore = try first.runtime.store.checksum()
        await first.stop()

        // Embedded mock restarted: same topic name, empty log, the old database.
        let recreated = try TestBed(directory: original.directory, topic: original.topic)
        let second = RunningConsumer(try make(recreated.configuration(service: service, database: "old.sqlite"), recreated))
        try await eventually("partitions halted") { second.runtime.haltedPartitions.count == before.filter { $0.nextOffset > 0 }.count }
        #expect(!second.runtime.health.isReady)
        #expect(second.runtime.health.readiness().components["consumer"]?.detail.contains("stored next offset") == true)
        // New, different events on the recreated topic are not applied on top of the old model.
        var other = CartScript.sample
        other.idSalt = 7
        try await recreated.produce(CartScript.withSalt(7).envelopes)
        try await Task.sleep(for: .milliseconds(500))
        #expect(try second.runtime.storedOffsets() == before)
        #expect(try second.runtime.store.checksum() == modelBefore)
        #expect(!second.runtime.haltedPartitions.isEmpty)

        // The operator resets: the model is rebuilt from the new topic.
        second.runtime.requestReset()
        try await second.waitUntilCaughtUp(recreated)
        try await eventually("healthy after reset") { second.runtime.haltedPartitions.isEmpty }
        #expect(try second.runtime.storedOffsets() != before)
        await second.stop()
    }
}

extension CartScript {
    /// The sample with different event ids.
    static func withSalt(_ salt: Int) -> CartScript {
        var script = CartScript()
        script.idSalt = salt
        let sample = CartScript.sample
        for envelope in sample.envelopes { script.emit(envelope.streamID, envelope.payload, after: 30) }
        return script
    }
}

/// A small deterministic generator (SplitMix64) for random stop points.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
