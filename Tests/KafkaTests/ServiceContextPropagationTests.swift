import Foundation
import Instrumentation
import Kafka
import ServiceContextModule
import Testing

/// A test instrument: propagates `TestTraceKey` as the `x-test-trace` header.
private struct TestTraceInstrument: Instrument {
    func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject.Carrier == Carrier {
        if let trace = context[TestTraceKey.self] { injector.inject(trace, forKey: "x-test-trace", into: &carrier) }
    }

    func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract.Carrier == Carrier {
        if let trace = extractor.extract(key: "x-test-trace", from: carrier) { context[TestTraceKey.self] = trace }
    }
}

private enum TestTraceKey: ServiceContextKey {
    typealias Value = String
}

/// `InstrumentationSystem` takes one bootstrap per process; the instrument only acts on
/// contexts that carry `TestTraceKey`, so other tests in the process are unaffected.
private let bootstrapTestInstrument: Void = { InstrumentationSystem.bootstrap(TestTraceInstrument()) }()

@Suite("Service context propagation (swift-distributed-tracing)")
struct ServiceContextPropagationTests {
    @Test("send carries the task's service context in headers; the consumer side extracts it; opting out sends none")
    func propagatesThroughTheTopic() async throws {
        _ = bootstrapTestInstrument
        let cluster = try TestCluster()
        let topic = try await cluster.topic(partitions: 1)
        let producer = try cluster.producer()
        var quiet = cluster.producerConfiguration()
        quiet.propagatesServiceContext = false
        let optedOut = try KafkaProducer(configuration: quiet, logger: cluster.logger)

        var context = ServiceContext.topLevel
        context[TestTraceKey.self] = "trace-42"
        try await ServiceContext.withValue(context) {
            _ = try await producer.send(KafkaProducerRecord(topic: topic, partition: 0, value: "single".bytes))
            for result in try await producer.send(contentsOf: [KafkaProducerRecord(topic: topic, partition: 0, value: "batch".bytes)]) {
                _ = try result.get()
            }
            _ = try await optedOut.send(KafkaProducerRecord(topic: topic, partition: 0, value: "opted-out".bytes))
            var enqueued = KafkaProducerRecord(topic: topic, partition: 0, value: "enqueued".bytes)
            enqueued.injectServiceContext()
            try await producer.enqueue(enqueued)
            try await producer.flush()
        }
        _ = try await producer.send(KafkaProducerRecord(topic: topic, partition: 0, value: "no-context".bytes))

        let consumer = try cluster.consumer()
        try assignAll(consumer, topic: topic, partitions: 1)
        let messages = try await collect(consumer, count: 5)
        let traces = Dictionary(uniqueKeysWithValues: messages.map { ($0.valueString ?? "", $0.serviceContext()[TestTraceKey.self]) })
        #expect(traces.count == 5)
        #expect(traces["single"] == "trace-42")
        #expect(traces["batch"] == "trace-42")
        #expect(traces["enqueued"] == "trace-42")
        #expect(traces["opted-out"] == .some(nil))
        #expect(traces["no-context"] == .some(nil))
        #expect(messages.first { $0.valueString == "single" }?.headers.string("x-test-trace") == "trace-42")
        await consumer.close()
        await producer.close()
        await optedOut.close()
    }
}
