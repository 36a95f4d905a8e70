import CRdKafka
public import Logging
import Synchronization

/// Cluster administration: topics, metadata and consumer-group offsets.
public final class KafkaAdmin: Sendable {
    /// The configuration this client was created with.
    public let configuration: KafkaClientConfiguration
    private let client: RDKafkaClient

    /// Creates an admin client.
    /// - Parameters:
    ///   - configuration: shared client settings.
    ///   - logger: receives librdkafka's logs.
    public init(configuration: KafkaClientConfiguration, logger: Logger = Logger(label: "kafka.admin")) throws(KafkaError) {
        self.configuration = configuration
        let context = RDKafkaClientContext(logger: logger, statistics: nil)
        self.client = try RDKafkaClient.make(
            type: .producer, properties: configuration.librdkafkaProperties + configuration.passThroughProperties,
            origins: configuration.propertyOrigins, context: context)
    }

    /// The cluster's brokers and topics.
    /// - Parameters:
    ///   - topic: one topic to ask about, or `nil` for all.
    ///   - timeout: how long to wait; past it the error says which bootstrap servers were tried.
    public func metadata(topic: String? = nil, timeout: Duration = .seconds(10)) async throws(KafkaError) -> KafkaClusterMetadata {
        let client = self.client
        let servers = configuration.bootstrapServersString
        let metadata = try await BlockingCalls.run { () throws(KafkaError) in
            try client.metadata(topic: topic, timeout: timeout, bootstrapServers: servers)
        }
        return KafkaClusterMetadata(brokers: metadata.brokers, topics: metadata.topics)
    }

    /// Creates topics. A topic that already exists is not an error when `ignoreExisting` is true.
    /// - Parameters:
    ///   - topics: what to create.
    ///   - ignoreExisting: treat `TOPIC_ALREADY_EXISTS` as success.
    ///   - timeout: how long the brokers may take.
    public func createTopics(
        _ topics: [KafkaTopicSpecification], ignoreExisting: Bool = true, timeout: Duration = .seconds(30)
    ) async throws(KafkaError) {
        let client = self.client
        try await BlockingCalls.run { () throws(KafkaError) in
            var errorBuffer = [CChar](repeating: 0, count: 512)
            var newTopics: [OpaquePointer?] = []
            defer { for topic in newTopics { rd_kafka_NewTopic_destroy(topic) } }
            for spec in topics {
                guard
                    let topic = rd_kafka_NewTopic_new(
                        spec.name, spec.partitions, Int32(spec.replicationFactor), &errorBuffer, errorBuffer.count)
                else {
                    throw KafkaError(kind: .invalidArgument, message: "topic \(spec.name): \(String(nulTerminated: errorBuffer))")
                }
                newTopics.append(topic)
                for (name, value) in spec.configs.sorted(by: { $0.key < $1.key }) {
                    let err = rd_kafka_NewTopic_set_config(topic, name, value)
                    if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                        throw KafkaError(
                            code: err.rawValue, kind: .invalidConfiguration(property: name),
                            message: "topic config \(name)=\(value) rejected")
                    }
                }
            }
            let results = try client.adminRequest(timeout: timeout, what: "create topics") { handle, options, queue in
                newTopics.withUnsafeMutableBufferPointer { rd_kafka_CreateTopics(handle, $0.baseAddress, $0.count, options, queue) }
            } extract: { event in
                var count = 0
                let result = rd_kafka_event_CreateTopics_result(event)
                let array = rd_kafka_CreateTopics_result_topics(result, &count)
                return (0..<count).map { RDKafkaClient.topicResult(array![$0]!) }
            }
            for (name, err, message) in results where err != RD_KAFKA_RESP_ERR_NO_ERROR {
                if ignoreExisting && err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS { continue }
                throw KafkaError.from(err, context: "create topic \(name): \(message)")
            }
        }
    }

    /// Deletes topics.
    /// - Parameters:
    ///   - names: topic names.
    ///   - timeout: how long the brokers may take.
    public func deleteTopics(_ names: [String], timeout: Duration = .seconds(30)) async throws(KafkaError) {
        let client = self.client
        try await BlockingCalls.run { () throws(KafkaError) in
            var deletes: [OpaquePointer?] = names.map { rd_kafka_DeleteTopic_new($0) }
            defer { for delete in deletes { rd_kafka_DeleteTopic_destroy(delete) } }
            let results = try client.adminRequest(timeout: timeout, what: "delete topics") { handle, options, queue in
                deletes.withUnsafeMutableBufferPointer { rd_kafka_DeleteTopics(handle, $0.baseAddress, $0.count, options, queue) }
            } extract: { event in
                var count = 0
                let result = rd_kafka_event_DeleteTopics_result(event)
                let array = rd_kafka_DeleteTopics_result_topics(result, &count)
                return (0..<count).map { RDKafkaClient.topicResult(array![$0]!) }
            }
            for (name, err, message) in results where err != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw KafkaError.from(err, context: "delete topic \(name): \(message)")
            }
        }
    }

    /// A consumer group's committed offsets.
    /// - Parameters:
    ///   - groupID: the group.
    ///   - partitions: the partitions to ask about.
    ///   - timeout: how long to wait for the coordinator.
    /// - Returns: the committed offset per partition (`nil` where none).
    public func committedOffsets(
        groupID: String, partitions: [TopicPartition], timeout: Duration = .seconds(10)
    ) async throws(KafkaError) -> [TopicPartition: Int64?] {
        // A throwaway member-less consumer of the group reads its committed offsets (OffsetFetch),
        // which every broker, including librdkafka's mock cluster, supports.
        var consumerConfiguration = KafkaConsumerConfiguration(client: configuration, groupID: groupID)
        consumerConfiguration.client.clientID = configuration.clientID + "-offsets"
        let consumer = try KafkaConsumer(configuration: consumerConfiguration)
        return try await consumer.committed(partitions, timeout: timeout)
    }

    /// The most recent transport or authentication error librdkafka reported for this client
    /// through its error callback — the reason behind an unreachable cluster, such as
    /// `Connection refused`, `Failed to resolve '…': Name or service not known`, a failed SSL
    /// handshake or SASL authentication — or `nil` when none was reported.
    ///
    /// librdkafka's `_ALL_BROKERS_DOWN` summary is not recorded (it names no reason). Callbacks
    /// waiting in the client's queue are served first, so an error reported just before a
    /// failed ``metadata(topic:timeout:)`` is included.
    public var recentClientError: KafkaError? {
        rd_kafka_poll(client.handle, 0)
        return client.context.lastClientError.withLock { $0 }
    }

    /// A partition's first and next offsets.
    /// - Parameters:
    ///   - partition: the partition.
    ///   - timeout: how long to wait.
    public func watermarks(_ partition: TopicPartition, timeout: Duration = .seconds(10)) async throws(KafkaError) -> KafkaWatermarks {
        let client = self.client
        return try await BlockingCalls.run { () throws(KafkaError) in
            try client.queryWatermarks(partition, timeout: timeout)
        }
    }
}

extension RDKafkaClient {
    /// Runs one admin request and waits for its result event.
    func adminRequest<T>(
        timeout: Duration, what: String,
        send: (OpaquePointer, OpaquePointer?, OpaquePointer?) -> Void,
        extract: (OpaquePointer) -> T
    ) throws(KafkaError) -> T {
        let queue = rd_kafka_queue_new(handle)
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_ANY)
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errorBuffer = [CChar](repeating: 0, count: 256)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.timeoutMilliseconds, &errorBuffer, errorBuffer.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.timeoutMilliseconds, &errorBuffer, errorBuffer.count)
        send(handle, options, queue)
        guard let event = rd_kafka_queue_poll(queue, timeout.timeoutMilliseconds + 1000) else {
            throw KafkaError(
                code: RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue, kind: .timeout,
                message: "\(what): no answer within \(timeout) (the broker may not support this request)", isRetriable: true)
        }
        defer { rd_kafka_event_destroy(event) }
        let err = rd_kafka_event_error(event)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError.from(err, context: "\(what): \(String(cString: rd_kafka_event_error_string(event)))")
        }
        return extract(event)
    }

    static func topicResult(_ result: OpaquePointer) -> (String, rd_kafka_resp_err_t, String) {
        let message = rd_kafka_topic_result_error_string(result).map { String(cString: $0) } ?? ""
        return (String(cString: rd_kafka_topic_result_name(result)), rd_kafka_topic_result_error(result), message)
    }
}
