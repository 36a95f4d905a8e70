import CRdKafka

/// Conversions between Swift partition values and `rd_kafka_topic_partition_list_t`.
enum RDKafkaPartitionList {
    typealias Pointer = UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    /// A new C list (caller destroys it) holding `entries`.
    static func make(_ entries: [TopicPartitionOffset]) -> Pointer {
        let list = rd_kafka_topic_partition_list_new(Int32(max(entries.count, 1)))!
        for entry in entries {
            let element = rd_kafka_topic_partition_list_add(list, entry.topicPartition.topic, entry.topicPartition.partition)!
            element.pointee.offset = entry.offset.rawValue
        }
        return list
    }

    /// A new C list of partitions with an invalid offset.
    static func make(_ partitions: [TopicPartition]) -> Pointer {
        make(partitions.map { TopicPartitionOffset($0, .offset(Int64(RD_KAFKA_OFFSET_INVALID))) })
    }

    /// The entries of a C list (not destroyed).
    static func entries(_ list: Pointer) -> [(TopicPartition, offset: Int64, error: rd_kafka_resp_err_t)] {
        (0..<Int(list.pointee.cnt)).map { index in
            let element = list.pointee.elems[index]
            return (TopicPartition(String(cString: element.topic), element.partition), element.offset, element.err)
        }
    }

    /// Partitions of a C list.
    static func partitions(_ list: Pointer) -> [TopicPartition] {
        entries(list).map(\.0)
    }

    /// The first per-partition error in a list, as a `KafkaError`.
    static func firstError(_ list: Pointer, context: String) -> KafkaError? {
        for entry in entries(list) where entry.error != RD_KAFKA_RESP_ERR_NO_ERROR {
            return KafkaError.from(entry.error, context: "\(context) (\(entry.0))")
        }
        return nil
    }
}
