import ArgumentParser
import CartDomain
import EventSourcing
import Foundation
import Kafka

/// `cartctl tail`: follow the topic with readable, coloured events.
struct Tail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Follow the event topic with readable, coloured events.")

    @OptionGroup var cluster: ClusterOptions
    @Option(help: "Only this cart.") var cart: String?
    @Option(help: "Only this event type (e.g. cart.checked_out).") var type: String?
    @Option(help: "Only carts of this customer (known from their cart.created event).") var customer: String?
    @Flag(help: "Start at the beginning of the topic instead of the end.") var fromBeginning = false
    @Option(help: "Stop after this many matching events.") var max: Int?
    @Option(help: "Stop after this many seconds without new events (default: follow forever).") var idleTimeout: Double?
    @Flag(help: "No colours.") var noColor = false

    func run() async throws {
        let partitions = try await cluster.partitions()
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(client: cluster.client), logger: cluster.quietLogger)
        try consumer.assign(
            partitions.map { TopicPartitionOffset(TopicPartition(cluster.topicName, $0), fromBeginning ? .beginning : .end) })
        let formatter = EventFormatter(terminal: Terminal(noColor: noColor))
        var customers: [String: String] = [:]
        var shown = 0
        // Connecting and the first fetch take a moment: idleness counts only after a short grace period.
        var lastActivity = ContinuousClock.now + .seconds(3)
        while true {
            let batch = try await consumer.poll(maxMessages: 500, timeout: .milliseconds(250))
            if batch.isEmpty, let idleTimeout, ContinuousClock.now - lastActivity > .seconds(idleTimeout) { break }
            if !batch.isEmpty { lastActivity = .now }
            for message in batch {
                let decoded = try? formatter.decode(message).get()
                if case .created(let created)? = decoded?.payload { customers[created.cartID] = created.customerID }
                if let cart, message.keyString != cart { continue }
                if let type, decoded?.eventType != type { continue }
                if let customer, customers[message.keyString ?? ""] != customer { continue }
                print(formatter.line(message))
                shown += 1
                if let max, shown >= max {
                    await consumer.close()
                    return
                }
            }
        }
        await consumer.close()
    }
}
