import EventSourcing
import Testing

@Suite struct StreamSequenceTrackerTests {
    @Test(arguments: [
        (Int64(1), StreamSequenceTracker.Classification.duplicate),
        (Int64(3), .duplicate),
        (Int64(4), .next),
        (Int64(5), .gap(expected: 4, got: 5)),
        (Int64(10), .gap(expected: 4, got: 10)),
    ])
    func classifiesAgainstLastSeen(sequence: Int64, expected: StreamSequenceTracker.Classification) {
        let tracker = StreamSequenceTracker(lastSequences: ["cart-1": 3])
        #expect(tracker.classify(streamID: "cart-1", sequence: sequence) == expected)
    }

    @Test func newStreamStartsAtOne() {
        var tracker = StreamSequenceTracker()
        #expect(tracker.observe(streamID: "a", sequence: 2) == .gap(expected: 1, got: 2))
        #expect(tracker.lastSequence(for: "a") == nil)
        #expect(tracker.observe(streamID: "a", sequence: 1) == .next)
        #expect(tracker.lastSequence(for: "a") == 1)
    }

    @Test func redeliveryIsDuplicateAndStreamsAreIndependent() {
        var tracker = StreamSequenceTracker()
        let results = [("a", 1), ("a", 2), ("b", 1), ("a", 2), ("a", 1), ("b", 2), ("a", 3)]
            .map { tracker.observe(streamID: $0.0, sequence: Int64($0.1)) }
        #expect(results == [.next, .next, .next, .duplicate, .duplicate, .next, .next])
        #expect(tracker.lastSequence(for: "a") == 3)
        #expect(tracker.lastSequence(for: "b") == 2)
    }

    @Test func observesEnvelopesAndResets() {
        var tracker = StreamSequenceTracker()
        #expect(Seed.bobsEvents.map { tracker.observe($0) } == [.next, .next])
        #expect(tracker.observe(Seed.bobsEvents[0]) == .duplicate)
        tracker.reset(streamID: Seed.orderID, to: 10)
        #expect(tracker.classify(streamID: Seed.orderID, sequence: 11) == .next)
    }
}
