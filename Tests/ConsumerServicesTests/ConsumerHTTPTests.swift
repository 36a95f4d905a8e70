import BillingServiceCore
import CartDomain
import ConsumerRuntime
import EmailServiceCore
import Foundation
import FraudServiceCore
import Hummingbird
import HummingbirdTesting
import NIOFoundationCompat
import Testing

/// The query, health and admin routes of the three consumer services, through their
/// assembled applications (the runtime consumes the sample script meanwhile).
@Suite("Consumer services over HTTP", .serialized)
struct ConsumerHTTPTests {
    @Test("fraud: risk per cart and customer, flags, as_of time travel, and 4xx problems naming the reason")
    func fraudRoutes() async throws {
        let bed = try TestBed()
        defer { bed.removeFiles() }
        try await bed.produce(CartScript.sample.envelopes)
        let (runtime, app) = try FraudServiceApplication.make(
            configuration: bed.configuration(service: "fraud-service", database: "fraud.sqlite"), rules: FraudRules(), logger: bed.logger)
        try await app.test(.router) { client in
            try await eventually("fraud caught up") { runtime.isCaughtUp }
            try await client.execute(uri: "/health/ready", method: .get) { #expect($0.status == .ok, "\(String(buffer: $0.body))") }

            let bob = try await client.execute(uri: "/carts/cart-bob-1/risk", method: .get) { $0 }
            #expect(bob.status == .ok)
            let bobRisk = try decode(RiskAssessment.self, bob)
            #expect(bobRisk.subjectId == "cart-bob-1" && bobRisk.score > 0 && bobRisk.flags.contains { $0.flag.contains("value") })

            let flagged = try decode([RiskAssessment].self, try await client.execute(uri: "/flags?min_score=1", method: .get) { $0 })
            #expect(flagged.contains { $0.subjectId == "cart-bob-1" })
            #expect(flagged.allSatisfy { $0.score >= 1 })

            let alice = try await client.execute(uri: "/customers/alice/risk", method: .get) { $0 }
            #expect(alice.status == .ok)
            #expect(try decode(RiskAssessment.self, alice).subjectType == "customer")

            // Before any event happened, nothing was known about bob's cart.
            let early = try await client.execute(uri: "/carts/cart-bob-1/risk?as_of=2001-01-01T00:00:00Z", method: .get) { $0 }
            #expect(early.status == .notFound, "\(String(buffer: early.body))")

            let unknown = try await client.execute(uri: "/carts/no-such-cart/risk", method: .get) { $0 }
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(String(buffer: unknown.body).contains("no-such-cart"))

            let badTime = try await client.execute(uri: "/carts/cart-bob-1/risk?as_of=yesterday", method: .get) { $0 }
            #expect(badTime.status == .badRequest)
            #expect(String(buffer: badTime.body).contains("as_of"))

            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            let buildInfo = metrics.split(separator: "\n").filter {
                $0.hasPrefix("cartstream_build_info{") && $0.contains("service=\"fraud-service\"")
            }
            #expect(buildInfo.count == 1 && buildInfo[0].hasSuffix("} 1.0") && buildInfo[0].contains("librdkafka=\""), "\(metrics)")
        }
    }

    @Test("billing: invoice by cart and by customer, daily totals, 404 for a cart without checkout")
    func billingRoutes() async throws {
        let bed = try TestBed()
        defer { bed.removeFiles() }
        try await bed.produce(CartScript.sample.envelopes)
        let (runtime, app) = try BillingServiceApplication.make(
            configuration: bed.configuration(service: "billing-service", database: "billing.sqlite"), taxRateBasisPoints: 1900,
            logger: bed.logger)
        try await app.test(.router) { client in
            try await eventually("billing caught up") { runtime.isCaughtUp }
            let invoice = try decode(Invoice.self, try await client.execute(uri: "/invoices/by-cart/cart-alice-1", method: .get) { $0 })
            #expect(invoice.subtotalMinor == 3998 && invoice.taxMinor == 760 && invoice.totalMinor == 4758 && invoice.currency == "EUR")
            let alice = try decode([Invoice].self, try await client.execute(uri: "/invoices/by-customer/alice", method: .get) { $0 })
            #expect(Set(alice.map(\.cartId)) == ["cart-alice-1", "cart-alice-2"])
            let totals = try await client.execute(uri: "/totals/daily?currency=EUR", method: .get) { $0 }
            #expect(totals.status == .ok && String(buffer: totals.body).contains("EUR"))
            let abandoned = try await client.execute(uri: "/invoices/by-cart/cart-dave-1", method: .get) { $0 }
            #expect(abandoned.status == .notFound)
            #expect(String(buffer: abandoned.body).contains("cart-dave-1"))
        }
    }

    @Test("email: notifications per customer; admin routes need the bearer token")
    func emailAndAdminRoutes() async throws {
        let bed = try TestBed()
        defer { bed.removeFiles() }
        try await bed.produce(CartScript.sample.envelopes)
        // Port 9 on loopback refuses connections: the sender fails and retries, the model is unaffected.
        let smtp = SMTPConfiguration(host: "127.0.0.1", port: 9, from: "shop@example.com")
        let (runtime, _, app) = try EmailServiceApplication.make(
            configuration: bed.configuration(service: "email-service", database: "email.sqlite"), reminderAfterSeconds: 3600, smtp: smtp,
            logger: bed.logger)
        try await app.test(.router) { client in
            try await eventually("email caught up") { runtime.isCaughtUp }
            let notifications = try await client.execute(uri: "/customers/bob/notifications", method: .get) { $0 }
            #expect(notifications.status == .ok)
            #expect(String(buffer: notifications.body).contains("cart-bob-1"), "\(String(buffer: notifications.body))")

            let anonymous = try await client.execute(uri: "/admin/offsets", method: .get) { $0 }
            #expect(anonymous.status == .unauthorized)
            let wrong = try await client.execute(uri: "/admin/offsets", method: .get, headers: [.authorization: "Bearer nope"]) { $0 }
            #expect(wrong.status == .unauthorized)
            let offsets = try await client.execute(uri: "/admin/offsets", method: .get, headers: [.authorization: "Bearer secret"]) { $0 }
            #expect(offsets.status == .ok && String(buffer: offsets.body).contains("email-service"))
            let badReplay = try await client.execute(
                uri: "/admin/replay", method: .post, headers: [.authorization: "Bearer secret", .contentType: "application/json"],
                body: ByteBuffer(string: "{\"from\": 42")
            ) { $0 }
            #expect(badReplay.status == .badRequest)
        }
    }
}

private func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601withFractionalSecondsOrNot
    return try decoder.decode(type, from: Data(buffer: response.body))
}

extension JSONDecoder.DateDecodingStrategy {
    /// RFC 3339 with or without fractional seconds, as the services write them.
    static var iso8601withFractionalSecondsOrNot: Self {
        .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions = [.withInternetDateTime]
            if let date = formatter.date(from: text) { return date }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not RFC 3339: \(text)"))
        }
    }
}
