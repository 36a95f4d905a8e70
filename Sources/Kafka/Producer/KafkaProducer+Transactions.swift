import CRdKafka

extension KafkaProducer {
    /// Registers the `transactional.id` with the cluster and fences older producers with the same id.
    /// Call once before the first transaction.
    /// - Parameter timeout: how long to wait for the coordinator.
    public func initTransactions(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await transactionCall("init transactions") { rd_kafka_init_transactions($0, timeout.timeoutMilliseconds) }
    }

    /// Starts a transaction: records sent from now on become visible to `read_committed`
    /// consumers only when it commits.
    public func beginTransaction() throws(KafkaError) {
        if let error = rd_kafka_begin_transaction(client.handle) {
            throw KafkaError.consuming(error, kind: .transaction, context: "begin transaction")
        }
    }

    /// Commits the current transaction (flushing its records first).
    /// - Parameter timeout: how long to wait.
    /// - Throws: ``KafkaError``; when ``KafkaError/requiresAbort`` is true, call ``abortTransaction(timeout:)``.
    public func commitTransaction(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await transactionCall("commit transaction") { rd_kafka_commit_transaction($0, timeout.timeoutMilliseconds) }
    }

    /// Aborts the current transaction: its records are never visible to `read_committed` consumers.
    /// - Parameter timeout: how long to wait.
    public func abortTransaction(timeout: Duration = .seconds(30)) async throws(KafkaError) {
        try await transactionCall("abort transaction") { rd_kafka_abort_transaction($0, timeout.timeoutMilliseconds) }
    }

    /// Adds a consumer's offsets to the current transaction (consume-transform-produce):
    /// they are committed for the consumer's group if and only if the transaction commits.
    /// - Parameters:
    ///   - offsets: the offsets of the next messages to read.
    ///   - consumer: the consumer whose group the offsets belong to.
    ///   - timeout: how long to wait.
    public func sendOffsetsToTransaction(
        _ offsets: [TopicPartitionOffset], consumer: KafkaConsumer, timeout: Duration = .seconds(30)
    ) async throws(KafkaError) {
        let consumerClient = consumer.client
        try await transactionCall("send offsets to transaction") { handle in
            let list = RDKafkaPartitionList.make(offsets)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            let metadata = rd_kafka_consumer_group_metadata(consumerClient.handle)
            defer { rd_kafka_consumer_group_metadata_destroy(metadata) }
            return rd_kafka_send_offsets_to_transaction(handle, list, metadata, timeout.timeoutMilliseconds)
        }
    }

    /// Runs `body` inside a transaction: begins, commits on success, aborts on error.
    /// - Parameters:
    ///   - timeout: commit/abort timeout.
    ///   - body: sends the transaction's records.
    /// - Returns: what `body` returns.
    public func withTransaction<T: Sendable>(
        timeout: Duration = .seconds(30), _ body: () async throws -> T
    ) async throws -> T {
        try beginTransaction()
        do {
            let value = try await body()
            try await commitTransaction(timeout: timeout)
            return value
        } catch {
            do { try await abortTransaction(timeout: timeout) } catch let abortError {
                throw abortError.isFatal ? abortError : error
            }
            throw error
        }
    }

    private func transactionCall(
        _ what: String, _ call: @escaping @Sendable (OpaquePointer) -> OpaquePointer?
    ) async throws(KafkaError) {
        let client = self.client
        try await BlockingCalls.run { () throws(KafkaError) in
            if let error = call(client.handle) {
                throw KafkaError.consuming(error, kind: .transaction, context: what)
            }
        }
    }
}
