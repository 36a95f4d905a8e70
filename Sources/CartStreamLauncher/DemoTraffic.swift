import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Realistic cart traffic against the cart service: many customers adding, changing and
/// removing items, checking out or abandoning, plus a few suspicious patterns for the fraud
/// service (very large carts, bursts of checkouts, last-minute edits, changing addresses).
struct DemoTraffic {
    let cartService: URL
    let carts: Int
    let seed: UInt64

    /// Counts of what was sent.
    struct Summary: Sendable {
        var commands = 0
        var failed = 0
        var checkouts = 0
        var abandoned = 0
        var open = 0
    }

    func run(progress: @Sendable (Summary) -> Void) async -> Summary {
        var random = SplitMix64(seed: seed)
        var summary = Summary()
        let products = [
            ("TEA-001", "Darjeeling tea", 1250), ("CUP-002", "Stoneware cup", 1899), ("POT-003", "Teapot", 4599),
            ("BIS-004", "Shortbread", 399), ("HON-005", "Heather honey", 899), ("KET-006", "Kettle", 7999),
            ("LAP-007", "Laptop", 189_900),
        ]
        let cities = [("10115", "Berlin", "DE"), ("75001", "Paris", "FR"), ("1010", "Wien", "AT"), ("28001", "Madrid", "ES")]
        for index in 0..<carts {
            let suspicious = index % 10 == 9
            let customer = suspicious ? "customer-burst" : "customer-\(random.next(upTo: max(carts / 3, 1)))"
            let cartID = "demo-\(seed)-\(index)"
            guard
                await send(
                    &summary, "POST", "/carts",
                    [
                        "cartId": cartID, "customerId": customer, "customerEmail": "\(customer)@example.com", "currency": "EUR",
                    ])
            else { continue }
            let itemCount = 1 + random.next(upTo: 4)
            var skus: [String] = []
            for _ in 0..<itemCount {
                var product = products[random.next(upTo: products.count - 1)]
                if suspicious && random.next(upTo: 2) == 0 { product = products[products.count - 1] }
                let quantity = suspicious ? 5 + random.next(upTo: 20) : 1 + random.next(upTo: 4)
                if await send(
                    &summary, "POST", "/carts/\(cartID)/items",
                    [
                        "sku": product.0, "name": product.1, "unitPriceMinor": product.2, "quantity": quantity,
                    ])
                {
                    skus.append(product.0)
                }
            }
            if let sku = skus.first, random.next(upTo: 3) == 0 || suspicious {
                for step in 0..<(suspicious ? 4 : 1) {
                    _ = await send(&summary, "PATCH", "/carts/\(cartID)/items/\(sku)", ["quantity": 2 + step])
                }
            }
            if skus.count > 1, random.next(upTo: 4) == 0 {
                _ = await send(&summary, "DELETE", "/carts/\(cartID)/items/\(skus[skus.count - 1])", nil)
            }
            let outcome = random.next(upTo: 9)
            if outcome < 7 || suspicious {
                let city = cities[suspicious ? index % cities.count : random.next(upTo: cities.count - 1)]
                if await send(
                    &summary, "POST", "/carts/\(cartID)/checkout",
                    [
                        "paymentReference": "PAY-\(seed)-\(index)",
                        "shippingAddress": [
                            "name": customer, "line1": "\(1 + index) Market Street", "postalCode": city.0, "city": city.1,
                            "country": city.2,
                        ],
                    ])
                {
                    summary.checkouts += 1
                }
            } else if outcome == 7 {
                if await send(&summary, "POST", "/carts/\(cartID)/abandon", ["reason": "customer left"]) { summary.abandoned += 1 }
            } else {
                summary.open += 1
            }
            progress(summary)
        }
        return summary
    }

    private func send(_ summary: inout Summary, _ method: String, _ path: String, _ body: [String: Any]?) async -> Bool {
        var request = URLRequest(url: cartService.appendingPathComponent(path))
        request.httpMethod = method
        request.timeoutInterval = 15
        request.setValue("demo", forHTTPHeaderField: "X-Actor")
        if let body {
            request.httpBody = try? JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        summary.commands += 1
        for attempt in 0..<5 {
            request.setValue("demo-\(seed)-\(summary.commands)", forHTTPHeaderField: "Idempotency-Key")
            if let (_, response) = try? await URLSession.shared.data(for: request), let status = (response as? HTTPURLResponse)?.statusCode
            {
                if (200..<300).contains(status) { return true }
                if status != 503 { break }
            }
            try? await Task.sleep(for: .milliseconds(200 * (attempt + 1)))
        }
        summary.failed += 1
        return false
    }
}

/// A small deterministic random number generator, so a demo run can be repeated.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in 0...upper.
    mutating func next(upTo upper: Int) -> Int { Int(next() % UInt64(max(upper, 0) + 1)) }
}
