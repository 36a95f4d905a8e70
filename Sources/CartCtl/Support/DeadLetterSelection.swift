import ArgumentParser
import Foundation

/// Which dead letters `dlq redrive|discard` act on.
///
/// By source position (`--source-partition P --source-offset O`, paired in order; one partition
/// with several offsets, or comma lists, pair each offset with it): any status. By failure
/// reason or `--all-open`: open dead letters only. `--service` narrows either.
struct DeadLetterSelection {
    var sourcePartitions: [Int32]
    var sourceOffsets: [Int64]
    var failureReason: String?
    var allOpen: Bool
    var service: String?

    /// The (partition, offset) pairs named.
    func positions() throws -> [(Int32, Int64)] {
        if sourcePartitions.isEmpty && sourceOffsets.isEmpty { return [] }
        if sourcePartitions.count == 1 { return sourceOffsets.map { (sourcePartitions[0], $0) } }
        guard sourcePartitions.count == sourceOffsets.count else {
            throw ValidationError(
                "--source-partition and --source-offset pair in order: give one partition, or as many partitions as offsets")
        }
        return Array(zip(sourcePartitions, sourceOffsets))
    }

    /// The selected dead letters, in DLQ order.
    func select(from letters: [DeadLetter]) throws -> [DeadLetter] {
        let positions = try positions()
        guard !positions.isEmpty || failureReason != nil || allOpen else {
            throw ValidationError("select dead letters with --source-partition/--source-offset, --reason or --all-open")
        }
        let service = service.map(ServiceClient.canonical)
        return letters.filter { letter in
            if let service, letter.service != service { return false }
            if !positions.isEmpty {
                return positions.contains { $0.0 == letter.sourcePartition && $0.1 == letter.sourceOffset }
            }
            guard letter.status == .open else { return false }
            if let failureReason, letter.reason != failureReason { return false }
            return true
        }
    }

    /// Splits comma lists in repeatable options (`--source-offset 4,7`).
    static func numbers<T: FixedWidthInteger>(_ values: [String], option: String) throws -> [T] {
        try values.flatMap { $0.split(separator: ",") }.map { text in
            guard let number = T(text.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("\(option) takes numbers (got \(text))")
            }
            return number
        }
    }
}
