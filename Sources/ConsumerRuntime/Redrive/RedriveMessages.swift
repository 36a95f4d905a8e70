/// The body of `POST /admin/dlq/redrive`: the source records to re-drive.
public struct RedriveRequest: Sendable, Codable, Equatable {
    /// Where a dead-lettered record lies in the events topic (its `dlq_source_*` headers).
    public struct SourceRecord: Sendable, Codable, Hashable {
        /// The events topic.
        public var topic: String
        /// The partition.
        public var partition: Int32
        /// The offset.
        public var offset: Int64

        /// Creates a source position.
        /// - Parameters:
        ///   - topic: the events topic.
        ///   - partition: the partition.
        ///   - offset: the offset.
        public init(topic: String, partition: Int32, offset: Int64) {
            self.topic = topic
            self.partition = partition
            self.offset = offset
        }
    }

    /// The records, re-driven in this order.
    public var records: [SourceRecord]

    /// Creates a request.
    /// - Parameter records: the records.
    public init(records: [SourceRecord]) { self.records = records }
}

/// What a re-drive did with one record.
public enum RedriveOutcome: String, Sendable, Codable, Equatable {
    /// Decoded with the current codec and applied to the read model (once).
    case applied
    /// Applied by an earlier re-drive; nothing was done.
    case alreadyRedriven = "already-redriven"
    /// Still not decodable; `reason` and `detail` say why. Nothing was applied.
    case stillUndecodable = "still-undecodable"
    /// No record at that position (outside the log, trimmed, or another topic).
    case notFound = "not-found"
    /// The record was consumed normally, not dead-lettered, by this service's database:
    /// applying it again would apply it twice, so it is refused.
    case notDeadLettered = "not-dead-lettered"
}

/// One record's answer.
public struct RedriveResult: Sendable, Codable, Equatable {
    /// The topic.
    public var topic: String
    /// The partition.
    public var partition: Int32
    /// The offset.
    public var offset: Int64
    /// What happened.
    public var outcome: RedriveOutcome
    /// For `still-undecodable`: the decoding error's reason code (as in `dlq_reason`).
    public var reason: String?
    /// A readable explanation, when there is more to say.
    public var detail: String?

    /// Creates a result.
    public init(_ record: RedriveRequest.SourceRecord, _ outcome: RedriveOutcome, reason: String? = nil, detail: String? = nil) {
        topic = record.topic
        partition = record.partition
        offset = record.offset
        self.outcome = outcome
        self.reason = reason
        self.detail = detail
    }

    private enum CodingKeys: String, CodingKey { case topic, partition, offset, outcome, reason, detail }

    /// Encodes every field; `reason` and `detail` as `null` when absent (a stable shape).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(topic, forKey: .topic)
        try container.encode(partition, forKey: .partition)
        try container.encode(offset, forKey: .offset)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(reason, forKey: .reason)
        try container.encode(detail, forKey: .detail)
    }
}

/// The answer of `POST /admin/dlq/redrive`.
public struct RedriveResponse: Sendable, Codable, Equatable {
    /// The service that answered.
    public var service: String
    /// One result per requested record, in request order.
    public var results: [RedriveResult]

    /// Creates a response.
    public init(service: String, results: [RedriveResult]) {
        self.service = service
        self.results = results
    }
}
