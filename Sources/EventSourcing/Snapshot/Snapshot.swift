public import Foundation

/// A stream's state at a given sequence, stored so that rebuilding does not
/// have to replay the stream from the beginning.
///
/// When `stateSchemaVersion` differs from the version the reader expects, the
/// reader discards the snapshot and replays the stream: snapshots are a cache,
/// the events are the truth.
public struct Snapshot<State: Codable & Sendable>: Sendable, Codable {
    /// The state after applying events `1...sequence`.
    public var state: State
    /// The stream the state belongs to.
    public var streamID: String
    /// The last sequence folded into `state`.
    public var sequence: Int64
    /// Version of `State`'s encoded shape.
    public var stateSchemaVersion: Int
    /// When the snapshot was taken (milliseconds precision).
    public var takenAt: Date

    /// Creates a snapshot.
    /// - Parameters:
    ///   - state: the folded state.
    ///   - streamID: the stream id.
    ///   - sequence: the last sequence folded into `state`.
    ///   - stateSchemaVersion: the version of `State`'s encoding.
    ///   - takenAt: when the snapshot was taken.
    public init(state: State, streamID: String, sequence: Int64, stateSchemaVersion: Int, takenAt: Date) {
        self.state = state
        self.streamID = streamID
        self.sequence = sequence
        self.stateSchemaVersion = stateSchemaVersion
        self.takenAt = Date(millisecondsSince1970: takenAt.millisecondsSince1970)
    }

    private enum CodingKeys: String, CodingKey {
        case state, streamID, sequence, stateSchemaVersion, takenAt
    }

    /// Decodes a snapshot; `takenAt` is RFC 3339 text.
    /// - Parameter decoder: the decoder.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        state = try c.decode(State.self, forKey: .state)
        streamID = try c.decode(String.self, forKey: .streamID)
        sequence = try c.decode(Int64.self, forKey: .sequence)
        stateSchemaVersion = try c.decode(Int.self, forKey: .stateSchemaVersion)
        let text = try c.decode(String.self, forKey: .takenAt)
        guard let ms = RFC3339Timestamp.parseMilliseconds(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .takenAt, in: c, debugDescription: "not an RFC 3339 date-time: \(text)")
        }
        takenAt = Date(millisecondsSince1970: ms)
    }

    /// Encodes a snapshot; `takenAt` becomes RFC 3339 text.
    /// - Parameter encoder: the encoder.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(state, forKey: .state)
        try c.encode(streamID, forKey: .streamID)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(stateSchemaVersion, forKey: .stateSchemaVersion)
        try c.encode(RFC3339Timestamp.format(takenAt), forKey: .takenAt)
    }

    /// The snapshot as JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads a snapshot from JSON written by ``jsonData()``.
    /// - Parameter data: the JSON bytes.
    public init(jsonData data: Data) throws {
        self = try JSONDecoder().decode(Self.self, from: data)
    }
}

extension Snapshot: Equatable where State: Equatable {}
