import Kafka
import Testing

@Suite("Producer records")
struct ProducerRecordTests {
    @Test("headers and timestamp read back what was set, and a copy changes independently")
    func headersAndTimestampAreValues() {
        var record = KafkaProducerRecord(topic: "t", partition: 3, key: [1], value: [2])
        #expect(record.headers.isEmpty)
        #expect(record.timestampMilliseconds == nil)
        record.headers = [KafkaHeader(name: "a", value: [9])]
        record.timestampMilliseconds = 1_700_000_000_000
        let copy = record
        record.headers.append(KafkaHeader(name: "b", value: nil))
        record.timestampMilliseconds = nil
        #expect(record.headers.map(\.name) == ["a", "b"])
        #expect(record.timestampMilliseconds == nil)
        #expect(copy.headers.map(\.name) == ["a"])
        #expect(copy.timestampMilliseconds == 1_700_000_000_000)
        #expect(copy.partition == 3 && copy.key == [1] && copy.value == [2])
    }

    @Test("equality and hashing follow the visible fields, however the record was built")
    func equalityFollowsVisibleFields() {
        let plain = KafkaProducerRecord(topic: "t", value: [1])
        var cleared = KafkaProducerRecord(topic: "t", value: [1], headers: [KafkaHeader(name: "h", value: [1])], timestampMilliseconds: 5)
        #expect(plain != cleared)
        cleared.headers = []
        #expect(plain != cleared)  // the timestamp still differs
        cleared.timestampMilliseconds = nil
        #expect(plain == cleared)
        #expect(plain.hashValue == cleared.hashValue)
        #expect(KafkaProducerRecord(topic: "t", value: [1], headers: [], timestampMilliseconds: nil) == plain)
        #expect(Set([plain, cleared, KafkaProducerRecord(topic: "u", value: [1])]).count == 2)
    }
}
