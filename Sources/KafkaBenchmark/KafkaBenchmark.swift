import ArgumentParser
import CartStreamBuild
import Foundation
import Kafka
import Logging

/// `kafka-bench`: the Swift side of the Swift-vs-C throughput benchmark
/// (Benchmarks/c/kafka_bench.c is the C side; scripts/bench.sh runs both).
///
/// Same workload and settings as the C program: N keyless messages of SIZE
/// bytes, partition `i % P`, our clients' default configurations. Prints one
/// machine-readable line per figure:
///
///     swift produce msgs=N bytes=B seconds=S msgs_per_sec=R enqueue_seconds=E  (E: until the last `enqueue` returned)
///     swift produce-record ...                                            (with `--records`)
///     swift consume msgs=N bytes=B seconds=S msgs_per_sec=R startup=S total_seconds=S checksum=X      (poll batches)
///     swift consume-seq msgs=N bytes=B seconds=S msgs_per_sec=R startup=S total_seconds=S checksum=X  (`messages`)
///
/// Consumer throughput is timed from the first message to the N-th; connecting,
/// metadata and the first fetch are reported apart as `startup`.
///
/// Exits non-zero when not all N messages were delivered or received.
@main
struct KafkaBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka-bench",
        abstract: "Measure the Kafka module's producer or consumer throughput (see Benchmarks/README.md).",
        discussion: ConfigurationReference.helpDiscussion, version: CartStreamVersion.text(for: "kafka-bench"))

    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case produce, consume
    }

    @Argument(help: "produce or consume")
    var mode: Mode

    @Option(help: "Bootstrap servers, host:port[,host:port] (else bootstrap.servers from the Kafka properties, else localhost:9092).")
    var brokers: String?

    @Option(help: "The topic to write or read.")
    var topic: String

    @Option(name: [.customShort("n"), .long], help: "Number of messages.")
    var messages: Int = 1_000_000

    @Option(name: [.customShort("s"), .long], help: "Message size in bytes.")
    var size: Int = 100

    @Option(name: [.customShort("p"), .long], help: "Number of partitions of the topic.")
    var partitions: Int32 = 32

    @Option(help: "Give up (and fail) after this many seconds.")
    var timeout: Double = 120

    @Flag(
        help:
            "Produce: build a `KafkaProducerRecord` per message and call `enqueue(_:)` (line `produce-record`) instead of `enqueue(topic:partition:key:value:)`."
    )
    var records = false

    @Flag(help: "Consume: skip the second pass through the `messages` AsyncSequence.")
    var noSequence = false

    @Option(
        name: [.customLong("kafka-property"), .customLong("property")],
        help: "Any librdkafka property NAME=VALUE for every client (repeatable); wins over KAFKA_* variables and the properties file.")
    var properties: [String] = []

    @Option(help: "Kafka client properties file, Java style (KAFKA_CONFIG_FILE).")
    var kafkaConfigFile: String?

    var settings: BenchmarkSettings { BenchmarkSettings(propertyFlags: properties, brokers: brokers, configFile: kafkaConfigFile) }

    func validate() throws {
        guard messages > 0, size >= 0, partitions > 0, timeout > 0 else {
            throw ValidationError("messages, partitions and timeout must be positive, size not negative")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        switch mode {
        case .produce:
            try await produce()
        case .consume:
            try await consumePolling()
            if !noSequence { try await consumeSequence() }
        }
    }

    // MARK: - Produce

    /// `enqueue` every record (it suspends while librdkafka's queue is full), then `flush`:
    /// by parts (`enqueue(topic:partition:key:value:)`, the fastest path) or, with `--records`,
    /// as one `KafkaProducerRecord` each.
    func produce() async throws {
        let configuration = KafkaProducerConfiguration(client: try settings.client(clientID: "kafka-bench-swift-producer"))
        let producer = try KafkaProducer(configuration: configuration)
        let value = (0..<size).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        // Plain locals: reading ArgumentParser's property wrappers in the loop costs more than a produce call.
        let (topic, partitions, count) = (self.topic, Int(self.partitions), self.messages)
        let start = ContinuousClock.now
        if records {
            for index in 0..<count {
                try await producer.enqueue(KafkaProducerRecord(topic: topic, partition: Int32(index % partitions), value: value))
            }
        } else {
            for index in 0..<count {
                try await producer.enqueue(topic: topic, partition: Int32(index % partitions), value: value)
            }
        }
        let enqueueSeconds = (ContinuousClock.now - start).seconds
        let summary = try await producer.flush(timeout: .seconds(60))
        let seconds = (ContinuousClock.now - start).seconds
        print(
            Self.line(
                records ? "produce-record" : "produce", messages: summary.delivered, bytes: summary.delivered * size, seconds: seconds)
                + " enqueue_seconds=\(String(format: "%.4f", enqueueSeconds))")
        await producer.close()
        guard summary.delivered == messages, summary.failed == 0 else {
            throw BenchmarkFailure(
                "only \(summary.delivered) of \(messages) delivered, \(summary.failed) failed: \(summary.firstFailure.map { "\($0)" } ?? "-")"
            )
        }
    }

    // MARK: - Consume

    func makeConsumer(clientID: String) throws -> KafkaConsumer {
        try KafkaConsumer(configuration: KafkaConsumerConfiguration(client: try settings.client(clientID: clientID)))
    }

    var assignment: [TopicPartitionOffset] {
        (0..<partitions).map { TopicPartitionOffset(TopicPartition(topic, $0), .beginning) }
    }

    /// Reads with `poll(maxMessages:timeout:)` batches until all messages arrived.
    func consumePolling() async throws {
        let consumer = try makeConsumer(clientID: "kafka-bench-swift-consumer")
        var tally = Tally()
        let messages = self.messages
        let start = ContinuousClock.now
        let deadline = start + .seconds(timeout)
        try consumer.assign(assignment)
        while tally.count < messages, ContinuousClock.now < deadline {
            // Ask for no more than is still missing, like the C side.
            // The zero-copy batch API: messages are read in librdkafka's memory, like the C side does.
            let batch = try await consumer.pollBatch(maxMessages: min(1000, messages - tally.count), timeout: .milliseconds(100))
            if !batch.isEmpty, tally.first == nil { tally.first = .now }
            for message in batch { tally.add(message) }
        }
        print(Self.consumeLine("consume", tally, start: start))
        await consumer.close()
        try check(tally, "poll")
    }

    /// Reads through the `messages` AsyncSequence until all messages arrived (cancelled at the timeout).
    func consumeSequence() async throws {
        let consumer = try makeConsumer(clientID: "kafka-bench-swift-consumer-seq")
        let start = ContinuousClock.now
        try consumer.assign(assignment)
        let wanted = messages
        let tally = try await withThrowingTaskGroup(of: Tally?.self) { group in
            group.addTask {
                var tally = Tally()
                for try await message in consumer.messages {
                    if tally.first == nil { tally.first = .now }
                    tally.add(message)
                    if tally.count == wanted { break }
                }
                return tally
            }
            group.addTask { [timeout] in
                try? await Task.sleep(for: .seconds(timeout))
                return nil
            }
            let first = try await group.next()!
            group.cancelAll()
            if let first { return first }
            // Timed out: the reader stops at its next poll and reports what it had.
            return try await group.next()! ?? Tally()
        }
        print(Self.consumeLine("consume-seq", tally, start: start))
        await consumer.close()
        try check(tally, "messages sequence")
    }

    func check(_ tally: Tally, _ what: String) throws {
        guard tally.count == messages else {
            throw BenchmarkFailure("FAILED: \(what) received \(tally.count) of \(messages) messages within \(timeout) s")
        }
    }

    /// Counts what was read and touches each payload (lengths and first/last bytes), as the C side does.
    struct Tally: Sendable {
        var count = 0
        var bytes = 0
        var checksum: UInt64 = 0
        /// When the first message arrived.
        var first: ContinuousClock.Instant?

        mutating func add(_ message: KafkaMessageView) {
            count += 1
            message.withUnsafeValue { value in
                bytes += value.count
                if let first = value.first, let last = value.last { checksum &+= UInt64(first) &+ UInt64(last) }
            }
        }

        mutating func add(_ message: KafkaMessage) {
            count += 1
            let value = message.value
            bytes += value.count
            if let first = value.first, let last = value.last { checksum &+= UInt64(first) &+ UInt64(last) }
        }
    }

    /// Throughput from the first message on; connecting and the first fetch are `startup` (as in the C side).
    static func consumeLine(_ what: String, _ tally: Tally, start: ContinuousClock.Instant) -> String {
        let end = ContinuousClock.now
        let first = tally.first ?? start
        return line(what, messages: tally.count, bytes: tally.bytes, seconds: (end - first).seconds)
            + " startup=\(format((first - start).seconds)) total_seconds=\(format((end - start).seconds)) checksum=\(tally.checksum)"
    }

    static func format(_ seconds: Double) -> String { String(format: "%.4f", seconds) }

    static func line(_ what: String, messages: Int, bytes: Int, seconds: Double) -> String {
        let rate = String(format: "%.0f", Double(messages) / seconds)
        return "swift \(what) msgs=\(messages) bytes=\(bytes) seconds=\(String(format: "%.4f", seconds)) msgs_per_sec=\(rate)"
    }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = "kafka-bench: " + description }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
