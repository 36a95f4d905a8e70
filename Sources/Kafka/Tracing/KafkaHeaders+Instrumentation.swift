public import Instrumentation
import ServiceContextModule

/// Writes a bootstrapped instrument's propagation fields (for example W3C `traceparent`)
/// into Kafka record headers, as UTF-8. A field already present is replaced.
public struct KafkaHeadersInjector: Injector {
    /// Creates the injector.
    public init() {}

    public func inject(_ value: String, forKey key: String, into headers: inout [KafkaHeader]) {
        headers.removeAll { $0.name == key }
        headers.append(KafkaHeader(name: key, string: value))
    }
}

/// Reads a bootstrapped instrument's propagation fields from Kafka record headers.
public struct KafkaHeadersExtractor: Extractor {
    /// Creates the extractor.
    public init() {}

    public func extract(key: String, from headers: [KafkaHeader]) -> String? {
        headers.last { $0.name == key }?.value.map { String(decoding: $0, as: UTF8.self) }
    }
}

extension KafkaMessage {
    /// The service context its producer propagated in its headers (through the instrument
    /// bootstrapped with `InstrumentationSystem`; empty without one), for continuing a trace.
    /// - Parameter base: the context to add the extracted values to.
    public func serviceContext(base: ServiceContext = .topLevel) -> ServiceContext {
        var context = base
        InstrumentationSystem.instrument.extract(headers, into: &context, using: KafkaHeadersExtractor())
        return context
    }
}

extension KafkaProducerRecord {
    /// Adds the propagation fields of `context` (the current task's by default) to the headers,
    /// through the instrument bootstrapped with `InstrumentationSystem` (nothing without one).
    /// - Parameter context: the context to propagate.
    public mutating func injectServiceContext(_ context: ServiceContext? = ServiceContext.current) {
        guard let context else { return }
        InstrumentationSystem.instrument.inject(context, into: &headers, using: KafkaHeadersInjector())
    }
}
