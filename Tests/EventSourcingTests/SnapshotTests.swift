import EventSourcing
import Foundation
import Testing

@Suite struct SnapshotTests {
    @Test func jsonRoundTrip() throws {
        let state = OrderDecider.fold(envelopes: Seed.bobsEvents)
        let snapshot = Snapshot(
            state: state, streamID: Seed.orderID, sequence: 2,
            stateSchemaVersion: 1, takenAt: Date(timeIntervalSince1970: 1_767_225_600.1239))
        let data = try snapshot.jsonData()
        let decoded = try Snapshot<OrderView>(jsonData: data)
        #expect(decoded == snapshot)
        #expect(decoded.takenAt.millisecondsSince1970 == 1_767_225_600_123)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"takenAt\":\"2026-01-01T00:00:00.123Z\""))
    }

    @Test func resumingFromSnapshotEqualsFullReplay() throws {
        let first = Array(Seed.bobsEvents.prefix(1))
        let snapshot = Snapshot(
            state: OrderDecider.fold(envelopes: first), streamID: Seed.orderID,
            sequence: 1, stateSchemaVersion: 1, takenAt: Seed.t0)
        let restored = try Snapshot<OrderView>(jsonData: snapshot.jsonData())
        let resumed = OrderDecider.fold(envelopes: Seed.bobsEvents.dropFirst(Int(restored.sequence)), from: restored.state)
        #expect(resumed == OrderDecider.fold(envelopes: Seed.bobsEvents))
    }

    @Test func rejectsMalformedTakenAt() {
        let json = #"{"state":{"quantity":1,"modifications":0},"streamID":"s","sequence":1,"stateSchemaVersion":1,"takenAt":"yesterday"}"#
        #expect(throws: DecodingError.self) { try Snapshot<OrderView>(jsonData: Data(json.utf8)) }
    }

    @Test(arguments: [
        (SnapshotPolicy.every(100), Int64(99), Int64?.none, false),
        (.every(100), 100, nil, true),
        (.every(100), 150, 100, false),
        (.every(100), 200, 100, true),
        (.every(1), 7, 6, true),
        (.never, 1_000_000, nil, false),
    ])
    func policy(policy: SnapshotPolicy, sequence: Int64, last: Int64?, expected: Bool) {
        #expect(policy.shouldSnapshot(at: sequence, lastSnapshotSequence: last) == expected)
    }
}
