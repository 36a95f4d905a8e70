/// The wire contract of a consumer's `POST /admin/dlq/redrive` (ConsumerRuntime's
/// `RedriveRequest`/`RedriveResponse`), as `cartctl` sends and reads it.
enum RedriveWire {
    struct SourceRecord: Codable, Hashable {
        var topic: String
        var partition: Int32
        var offset: Int64
    }

    struct Request: Encodable {
        var records: [SourceRecord]
    }

    struct Result: Decodable {
        var topic: String
        var partition: Int32
        var offset: Int64
        /// applied, already-redriven, still-undecodable, not-found or not-dead-lettered.
        var outcome: String
        var reason: String?
        var detail: String?
    }

    struct Response: Decodable {
        var service: String
        var results: [Result]
    }
}
