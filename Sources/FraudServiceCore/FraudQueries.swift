public import Foundation
public import GRDB

/// A raised flag, as the API shows it.
public struct FraudFlag: Codable, Sendable, Equatable {
    /// `high_cart_value`, `too_many_carts`, ...
    public var flag: String
    /// Its weight.
    public var score: Int
    /// Why it was raised.
    public var detail: String
    /// The event that raised it.
    public var eventId: String
    /// Its event time.
    public var at: Date
}

/// The risk of a cart or customer: score (sum of flag weights, capped at 100) and flags.
public struct RiskAssessment: Codable, Sendable, Equatable {
    /// `cart` or `customer`.
    public var subjectType: String
    /// Cart or customer id.
    public var subjectId: String
    /// 0...100.
    public var score: Int
    /// The flags behind the score (for a customer also its carts' flags).
    public var flags: [FraudFlag]
}

/// Read-side queries of the fraud model.
public enum FraudQueries {
    /// The risk of one cart; `nil` for an unknown cart.
    public static func cartRisk(_ cartID: String, in db: Database) throws -> RiskAssessment? {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM fraud_carts WHERE cart_id = ?", arguments: [cartID]) != nil else { return nil }
        let flags = try flags(db, type: "cart", id: cartID)
        return RiskAssessment(subjectType: "cart", subjectId: cartID, score: min(100, flags.reduce(0) { $0 + $1.score }), flags: flags)
    }

    /// The risk of one customer: its own flags plus its riskiest cart's score.
    public static func customerRisk(_ customerID: String, in db: Database) throws -> RiskAssessment? {
        let carts = try String.fetchAll(
            db, sql: "SELECT cart_id FROM fraud_carts WHERE customer_id = ? ORDER BY cart_id", arguments: [customerID])
        guard !carts.isEmpty else { return nil }
        let own = try flags(db, type: "customer", id: customerID)
        let cartRisks = try carts.compactMap { try cartRisk($0, in: db) }
        let riskiest = cartRisks.max { $0.score < $1.score }
        let score = min(100, own.reduce(0) { $0 + $1.score } + (riskiest?.score ?? 0))
        return RiskAssessment(subjectType: "customer", subjectId: customerID, score: score, flags: own + cartRisks.flatMap(\.flags))
    }

    /// Every cart and customer with a score of at least `minScore`, riskiest first.
    public static func flagged(minScore: Int, in db: Database) throws -> [RiskAssessment] {
        let subjects = try Row.fetchAll(
            db, sql: "SELECT DISTINCT subject_type, subject_id FROM fraud_flags ORDER BY subject_type, subject_id")
        var result: [RiskAssessment] = []
        var customers = Set<String>()
        for row in subjects {
            let type: String = row["subject_type"]
            let id: String = row["subject_id"]
            if type == "cart" {
                if let risk = try cartRisk(id, in: db) { result.append(risk) }
                if let customer = try String.fetchOne(db, sql: "SELECT customer_id FROM fraud_carts WHERE cart_id = ?", arguments: [id]) {
                    customers.insert(customer)
                }
            } else {
                customers.insert(id)
            }
        }
        for customer in customers.sorted() { if let risk = try customerRisk(customer, in: db) { result.append(risk) } }
        return result.filter { $0.score >= minScore }.sorted { ($0.score, $1.subjectId) > ($1.score, $0.subjectId) }
    }

    private static func flags(_ db: Database, type: String, id: String) throws -> [FraudFlag] {
        try Row.fetchAll(
            db,
            sql:
                "SELECT flag, score, detail, event_id, at_ms FROM fraud_flags WHERE subject_type = ? AND subject_id = ? ORDER BY at_ms, flag",
            arguments: [type, id]
        ).map {
            FraudFlag(
                flag: $0["flag"], score: $0["score"], detail: $0["detail"], eventId: $0["event_id"],
                at: Date(timeIntervalSince1970: Double($0["at_ms"] as Int64) / 1000))
        }
    }
}
