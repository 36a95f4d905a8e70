public import EventSourcing
public import Kafka

extension KafkaProducerRecord {
    /// The Kafka record for an encoded event: key = stream id, headers in order, event time as record time.
    /// - Parameters:
    ///   - event: the encoded event.
    ///   - topic: the destination topic.
    ///   - extraHeaders: headers added after the event's own (trace context, idempotency key).
    public init(_ event: EncodedEvent, topic: String, extraHeaders: [KafkaHeader] = []) {
        self.init(
            topic: topic, key: Array(event.key.utf8), value: event.value,
            headers: event.headers.map { KafkaHeader(name: $0.name, string: $0.value) } + extraHeaders,
            timestampMilliseconds: event.timestampMilliseconds)
    }
}

extension EncodedEvent {
    /// The encoded event carried by a Kafka message (headers that are not UTF-8 are dropped).
    /// - Parameter message: a record read from the events topic.
    public init(_ message: KafkaMessage) {
        self.init(
            key: message.keyString ?? "",
            value: message.value,
            headers: message.headers.compactMap { header in header.stringValue.map { (name: header.name, value: $0) } },
            timestampMilliseconds: message.timestampMilliseconds ?? 0)
    }
}
