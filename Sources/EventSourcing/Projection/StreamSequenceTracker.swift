/// Remembers the last sequence applied per stream and classifies each new
/// envelope as the next one, a duplicate (redelivery) or one after a gap.
///
/// Sequences start at 1 and have no gaps, so for a stream whose last applied
/// sequence is `n`, only `n + 1` is `.next`. Only `.next` advances the tracker.
public struct StreamSequenceTracker: Sendable, Equatable {
    /// How an envelope relates to what was already applied for its stream.
    public enum Classification: Sendable, Equatable {
        /// The expected next event: apply it.
        case next
        /// Already applied (sequence at or below the last one seen): skip it.
        case duplicate
        /// One or more events are missing before this one.
        case gap(expected: Int64, got: Int64)
    }

    private var lastSequences: [String: Int64]

    /// Creates a tracker.
    /// - Parameter lastSequences: known last sequences per stream (e.g. from snapshots).
    public init(lastSequences: [String: Int64] = [:]) {
        self.lastSequences = lastSequences
    }

    /// The last sequence applied for `streamID`, `nil` if none.
    /// - Parameter streamID: the stream id.
    public func lastSequence(for streamID: String) -> Int64? {
        lastSequences[streamID]
    }

    /// Classifies without recording.
    /// - Parameters:
    ///   - streamID: the stream id.
    ///   - sequence: the envelope's sequence.
    public func classify(streamID: String, sequence: Int64) -> Classification {
        let last = lastSequences[streamID] ?? 0
        if sequence <= last { return .duplicate }
        if sequence == last + 1 { return .next }
        return .gap(expected: last + 1, got: sequence)
    }

    /// Classifies and, when `.next`, records the sequence as applied.
    /// - Parameters:
    ///   - streamID: the stream id.
    ///   - sequence: the envelope's sequence.
    @discardableResult
    public mutating func observe(streamID: String, sequence: Int64) -> Classification {
        let result = classify(streamID: streamID, sequence: sequence)
        if result == .next { lastSequences[streamID] = sequence }
        return result
    }

    /// Classifies an envelope and, when `.next`, records it as applied.
    /// - Parameter envelope: the envelope to classify.
    @discardableResult
    public mutating func observe<Payload>(_ envelope: EventEnvelope<Payload>) -> Classification {
        observe(streamID: envelope.streamID, sequence: envelope.sequence)
    }

    /// Forces the last applied sequence of a stream (after loading a snapshot).
    /// - Parameters:
    ///   - streamID: the stream id.
    ///   - sequence: the last applied sequence.
    public mutating func reset(streamID: String, to sequence: Int64) {
        lastSequences[streamID] = sequence
    }
}
