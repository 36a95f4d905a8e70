import Foundation
import HTTPTypes
import HummingbirdTesting
import Kafka
import NIOCore
import ServiceRuntime
import Testing

@testable import CartServiceCore

@Suite("Cart service HTTP API", .serialized)
struct CartRoutesTests {
    @Test("every command route: create, add, change (the seed's 5 → 6), remove, checkout; read and history")
    func commandLifecycle() async throws {
        let harness = try CartServiceHarness()
        try await harness.withService { client in
            try await client.createCart("cart-a")
            #expect(try await client.addItem("cart-a", sku: "TEA-1", price: 450, quantity: 5) == .ok)
            #expect(try await client.addItem("cart-a", sku: "CUP-2", price: 1299, quantity: 1) == .ok)
            try await client.execute(uri: "/carts/cart-a/items/TEA-1", method: .patch, headers: jsonHeaders, body: json(#"{"quantity":6}"#))
            { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"4\"")
            }
            try await client.execute(uri: "/carts/cart-a/items/CUP-2", method: .delete) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/carts/cart-a/checkout", method: .post, headers: jsonHeaders,
                body: json(
                    #"{"paymentReference":"PAY-123","shippingAddress":{"name":"Bob","line1":"1 Main St","postalCode":"10115","city":"Berlin","country":"DE"}}"#
                )
            ) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let cart = try object(response)
                #expect(cart["status"] as? String == "checkedOut")
                #expect(cart["subtotalMinor"] as? Int == 2700)
                #expect(cart["version"] as? Int == 6)
            }
            try await client.execute(uri: "/carts/cart-a", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"6\"")
            }
            try await client.execute(uri: "/carts/cart-a/events", method: .get) { response in
                let history = try object(response)
                let events = try #require(history["events"] as? [[String: Any]])
                #expect(events.map { $0["sequence"] as? Int } == [1, 2, 3, 4, 5, 6])
                #expect(
                    events.map { $0["type"] as? String } == [
                        "cart.created", "cart.item_added", "cart.item_added", "cart.item_quantity_changed", "cart.item_removed",
                        "cart.checked_out",
                    ])
                #expect(events.allSatisfy { $0["actor"] as? String == "anonymous" && $0["eventId"] is String })
            }
            // Time travel: the cart after sequence 2 had five teas.
            try await client.execute(uri: "/carts/cart-a?version=2", method: .get) { response in
                let cart = try object(response)
                let items = try #require(cart["items"] as? [[String: Any]])
                #expect(items.count == 1 && items.first?["quantity"] as? Int == 5)
            }
            // No change after checkout.
            #expect(try await client.addItem("cart-a", sku: "LATE-1") == .conflict)
            // Abandon is a command of its own.
            try await client.createCart("cart-b")
            try await client.execute(uri: "/carts/cart-b/abandon", method: .post, headers: jsonHeaders, body: json(#"{"reason":"left"}"#)) {
                response in
                let cart = try object(response)
                #expect(cart["status"] as? String == "abandoned")
            }
        }
    }

    @Test("bad input gets a 4xx problem+json naming the field and reason")
    func badInput() async throws {
        let harness = try CartServiceHarness()
        try await harness.withService { client in
            try await client.createCart("cart-x")
            let cases: [(String, HTTPRequest.Method, String, HTTPResponse.Status, String, String?)] = [
                ("/carts/cart-x/items", .post, "{not json", .badRequest, "malformed_json", nil),
                (
                    "/carts/cart-x/items", .post, #"{"sku":"A-1","name":"n","unitPriceMinor":"12","quantity":1}"#, .badRequest,
                    "invalid_field", "unitPriceMinor"
                ),
                ("/carts/cart-x/items", .post, #"{"sku":"A-1","name":"n","quantity":1}"#, .badRequest, "invalid_field", "unitPriceMinor"),
                (
                    "/carts/cart-x/items", .post, #"{"sku":"A-1","name":"n","unitPriceMinor":12,"quantity":1000}"#, .unprocessableContent,
                    "quantity_out_of_range", "quantity"
                ),
                (
                    "/carts/cart-x/items", .post, #"{"sku":"A-1","name":"n","unitPriceMinor":12,"quantity":0}"#, .unprocessableContent,
                    "quantity_out_of_range", "quantity"
                ),
                (
                    "/carts", .post, #"{"customerId":"c","customerEmail":"c@example.com","currency":"XYZ"}"#, .unprocessableContent,
                    "unknown_currency", "currency"
                ),
                (
                    "/carts/nope/items", .post, #"{"sku":"A-1","name":"n","unitPriceMinor":12,"quantity":1}"#, .notFound, "cart_not_found",
                    "cartId"
                ),
                ("/carts/cart-x/items/NOT-THERE", .delete, "", .notFound, "item_not_found", "sku"),
                (
                    "/carts/cart-x/checkout", .post,
                    #"{"paymentReference":"P-1","shippingAddress":{"name":"B","line1":"x","postalCode":"1","city":"c","country":"DE"}}"#,
                    .conflict, "empty_cart", nil
                ),
            ]
            for (uri, method, body, status, type, field) in cases {
                try await client.execute(uri: uri, method: method, headers: jsonHeaders, body: body.isEmpty ? nil : json(body)) {
                    response in
                    #expect(response.status == status, "\(method) \(uri) \(body): \(String(buffer: response.body))")
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let problem = try object(response)
                    #expect(problem["type"] as? String == type, "\(uri) \(body)")
                    if let field { #expect(problem["field"] as? String == field, "\(uri) \(body)") }
                    #expect((problem["detail"] as? String)?.isEmpty == false)
                }
            }
            let huge = "{\"sku\":\"A-1\",\"name\":\"" + String(repeating: "x", count: 100_000) + "\",\"unitPriceMinor\":1,\"quantity\":1}"
            try await client.execute(uri: "/carts/cart-x/items", method: .post, headers: jsonHeaders, body: json(huge)) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/carts/nope", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/carts/cart-x?version=abc", method: .get) { #expect($0.status == .badRequest) }
            // Nothing was appended by the failures: the cart is still at version 1.
            try await client.execute(uri: "/carts/cart-x", method: .get) { #expect($0.headers[.eTag] == "\"1\"") }
        }
    }

    @Test("If-Match: a stale version gets 409 with the current one; two writers on one version, exactly one wins")
    func optimisticConcurrency() async throws {
        let harness = try CartServiceHarness()
        try await harness.withService { client in
            try await client.createCart("cart-c")
            async let first = client.addItem("cart-c", sku: "A-1", headers: [.ifMatch: "\"1\""])
            async let second = client.addItem("cart-c", sku: "B-2", headers: [.ifMatch: "\"1\""])
            let statuses = try await [first, second]
            #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == 1, "\(statuses)")
            try await client.execute(
                uri: "/carts/cart-c/items", method: .post, headers: jsonHeaders + [.ifMatch: "\"1\""],
                body: json(#"{"sku":"C-3","name":"n","unitPriceMinor":1,"quantity":1}"#)
            ) { response in
                #expect(response.status == .conflict)
                #expect(response.headers[.eTag] == "\"2\"")
                let problem = try object(response)
                #expect((problem["extensions"] as? [String: String])?["currentVersion"] == "2")
            }
        }
    }

    @Test("an Idempotency-Key makes a retried command return the first answer and append nothing")
    func idempotency() async throws {
        let harness = try CartServiceHarness()
        try await harness.withService { client in
            try await client.createCart("cart-i")
            let headers: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "key-1"]
            #expect(try await client.addItem("cart-i", sku: "A-1", quantity: 2, headers: headers) == .ok)
            try await client.execute(
                uri: "/carts/cart-i/items", method: .post, headers: jsonHeaders + headers,
                body: json(#"{"sku":"A-1","name":"Item A-1","unitPriceMinor":450,"quantity":2}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                let cart = try object(response)
                #expect(cart["version"] as? Int == 2)
            }
            try await client.execute(uri: "/carts/cart-i", method: .get) { response in
                let items = try #require(try object(response)["items"] as? [[String: Any]])
                #expect(items.first?["quantity"] as? Int == 2, "the retry must not add twice")
            }
        }
        let records = try await harness.readTopic(expecting: 2)
        #expect(records.count == 2)
    }

    @Test("the OpenAPI document lists exactly the routes the service serves")
    func openAPIMatchesRoutes() async throws {
        let text = String(decoding: CartServiceOpenAPI.document, as: UTF8.self)
        var documented: Set<String> = []
        var currentPath: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                currentPath = String(line.dropFirst(2).dropLast())
                continue
            }
            if !line.hasPrefix("    ") && !line.hasPrefix("  /") && !line.isEmpty { if !line.hasPrefix("  ") { currentPath = nil } }
            if let path = currentPath, line.hasPrefix("    "), !line.hasPrefix("     "),
                let method = ["get", "post", "patch", "delete", "put"].first(where: { line == "    \($0):" })
            {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let served = Set(CartRoutes.table.map { "\($0.method.rawValue) \($0.path)" })
        #expect(documented == served, "documented only: \(documented.subtracting(served)); served only: \(served.subtracting(documented))")
        let harness = try CartServiceHarness()
        try await harness.withService { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("openapi: 3.1.0"))
            }
            // Every documented route answers with something other than "no such route".
            try await client.createCart("cart-o")
            for route in CartRoutes.table {
                let uri = route.path.replacingOccurrences(of: "{cartId}", with: "cart-o").replacingOccurrences(of: "{sku}", with: "X-1")
                try await client.execute(uri: uri, method: route.method, headers: jsonHeaders, body: json("{}")) { response in
                    #expect(
                        response.status != .notFound || String(buffer: response.body).contains("problem")
                            || response.headers[.contentType] == "application/problem+json", "\(route)")
                }
            }
        }
    }

    @Test("the request's trace continues into the response and every appended record")
    func traceContextPropagates() async throws {
        let harness = try CartServiceHarness()
        let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        try await harness.withService { client in
            try await client.execute(
                uri: "/carts", method: .post, headers: jsonHeaders + [HTTPField.Name("traceparent")!: incoming],
                body: json(#"{"cartId":"cart-t","customerId":"c","customerEmail":"c@example.com","currency":"EUR"}"#)
            ) { response in
                let answer = try #require(response.headers[HTTPField.Name("traceparent")!])
                #expect(answer.hasPrefix("00-4bf92f3577b34da6a3ce929d0e0e4736-"))
                #expect(answer != incoming)
            }
        }
        let records = try await harness.readTopic(expecting: 1)
        #expect(records.first?.headers.string("traceparent")?.hasPrefix("00-4bf92f3577b34da6a3ce929d0e0e4736-") == true)
    }

    @Test("health and metrics endpoints")
    func operations() async throws {
        let harness = try CartServiceHarness()
        try await harness.withService { client in
            try await client.createCart("cart-m")
            try await client.execute(uri: "/health/live", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("ownership"))
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("cart_commands_total{command=\"create_cart\",outcome=\"ok\"}"))
                #expect(text.contains("kafka_produce_latency_seconds_bucket"))
                #expect(text.contains("cart_service_carts_in_memory"))
                let labels = BuildInfoMetric.labels(service: "cart-service").map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ",")
                #expect(text.split(separator: "\n").contains("cartstream_build_info{\(labels)} 1.0"), "\(text)")
            }
        }
    }
}

func + (lhs: HTTPFields, rhs: HTTPFields) -> HTTPFields {
    var result = lhs
    result.append(contentsOf: rhs)
    return result
}
