import CartDomain
import Foundation
import Kafka
import Logging

/// Routes commands and queries to the partition that owns the cart.
struct CartCommandHandler: Sendable {
    let directory: CartPartitionDirectory
    let partitionCount: Int32
    let metrics: CartServiceMetrics
    let history: CartHistoryReader

    /// The partition a cart's events live in (Java-compatible murmur2 of the cart id).
    func partitionNumber(of cartID: String) -> Int32 {
        KafkaPartitioner.partition(forKey: Array(cartID.utf8), partitionCount: partitionCount)
    }

    func execute(_ request: CartCommandRequest) async throws(CartCommandError) -> CartCommandOutcome {
        let number = partitionNumber(of: request.cartID)
        guard let partition = directory.partition(number) else {
            metrics.command(request.name, outcome: "unavailable")
            throw .unavailable(
                reason: "partition \(number) is not owned by this instance right now (rebalancing, or another instance owns it)")
        }
        do {
            let outcome = try await partition.execute(request)
            metrics.command(request.name, outcome: outcome.replayed ? "replayed" : "ok")
            return outcome
        } catch {
            let outcome: String =
                switch error {
                case .domain(let domain): domain.category == .validation ? "rejected" : "conflict"
                case .versionMismatch: "conflict"
                case .cartNotFound: "not_found"
                case .unavailable: "unavailable"
                case .idempotencyKeyReused: "rejected"
                }
            metrics.command(request.name, outcome: outcome)
            throw error
        }
    }

    func record(_ cartID: String) async throws(CartCommandError) -> CartRecord {
        let number = partitionNumber(of: cartID)
        guard let partition = directory.partition(number) else {
            throw .unavailable(reason: "partition \(number) is not owned by this instance right now")
        }
        let record: CartRecord?
        do { record = try await partition.completeRecord(cartID, reader: history) } catch let error as CartCommandError {
            throw error
        } catch {
            throw .unavailable(reason: "cannot read the cart's history from the topic: \(error)")
        }
        guard let record else { throw .cartNotFound(cartID) }
        return record
    }
}
