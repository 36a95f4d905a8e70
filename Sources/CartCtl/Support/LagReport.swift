/// `cartctl lag --output json`: per service and partition, where the log ends, the group's
/// committed offset, the service's own stored offset and the lag. Absent values are `null`.
struct LagReport: Encodable {
    var topic: String
    var bootstrapServers: String
    var services: [Service]

    struct Service: Encodable {
        /// Canonical name, e.g. `billing-service`.
        var service: String
        /// The base URL asked for stored offsets.
        var url: String
        /// The consumer group (as the service reports it; else the service name).
        var group: String
        /// Why the stored offsets are unknown (service unreachable, token refused), else `null`.
        var error: String?
        var partitions: [Partition]

        private enum CodingKeys: String, CodingKey { case service, url, group, error, partitions }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(service, forKey: .service)
            try container.encode(url, forKey: .url)
            try container.encode(group, forKey: .group)
            try container.encode(error, forKey: .error)
            try container.encode(partitions, forKey: .partitions)
        }
    }

    struct Partition: Encodable {
        var partition: Int32
        /// The high watermark.
        var logEnd: Int64
        /// The group's committed offset in Kafka, `null` when none.
        var committed: Int64?
        /// The service's stored next offset (its database: the authoritative position), `null` when unknown.
        var stored: Int64?
        /// `logEnd - (stored ?? committed ?? 0)`, at least 0.
        var lag: Int64
        /// Why the service halted this partition, `null` when it is consuming.
        var halted: String?

        private enum CodingKeys: String, CodingKey { case partition, logEnd, committed, stored, lag, halted }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(partition, forKey: .partition)
            try container.encode(logEnd, forKey: .logEnd)
            try container.encode(committed, forKey: .committed)
            try container.encode(stored, forKey: .stored)
            try container.encode(lag, forKey: .lag)
            try container.encode(halted, forKey: .halted)
        }
    }
}

/// The body of a consumer's `GET /admin/offsets`.
struct StoredOffsets: Decodable {
    struct Entry: Decodable {
        var topic: String
        var partition: Int32
        var nextOffset: Int64
        var lastEventId: String
        var halted: String?
    }
    var service: String
    var group: String
    var offsets: [Entry]
}
