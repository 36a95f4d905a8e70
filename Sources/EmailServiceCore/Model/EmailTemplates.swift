import CartDomain
import Mustache

/// The e-mail bodies, rendered with swift-mustache; `{{...}}` is HTML-escaped.
public struct EmailTemplates: Sendable {
    let confirmation: MustacheTemplate
    let reminder: MustacheTemplate

    /// Parses the built-in templates.
    public init() throws {
        confirmation = try MustacheTemplate(
            string: """
                <html><body>
                <p>Hello {{email}},</p>
                <p>thank you for your order {{cartId}}.</p>
                <table>
                {{#lines}}<tr><td>{{quantity}} × {{name}}</td><td>{{unitPrice}}</td><td>{{lineTotal}}</td></tr>
                {{/lines}}</table>
                <p>Subtotal: {{subtotal}}</p>
                <p>Shipping to: {{shipTo}}</p>
                </body></html>
                """)
        reminder = try MustacheTemplate(
            string: """
                <html><body>
                <p>Hello {{email}},</p>
                <p>your cart {{cartId}} is still waiting for you.</p>
                <p>Complete your order whenever you are ready.</p>
                </body></html>
                """)
    }

    /// The order confirmation of a checkout.
    func confirmation(cartID: String, email: String, checkout: CartCheckedOut) -> String {
        let lines: [[String: Any]] = checkout.lines.map {
            ["quantity": $0.quantity, "name": $0.name, "unitPrice": Self.format($0.unitPrice), "lineTotal": Self.format($0.lineTotal)]
        }
        let address = checkout.shippingAddress
        return confirmation.render(
            [
                "email": email, "cartId": cartID, "lines": lines, "subtotal": Self.format(checkout.subtotal),
                "shipTo": "\(address.name), \(address.line1), \(address.postalCode) \(address.city), \(address.country)",
            ] as [String: Any])
    }

    /// The reminder of an open cart.
    func reminder(cartID: String, email: String) -> String {
        reminder.render(["email": email, "cartId": cartID] as [String: Any])
    }

    /// `12.34 EUR`, from integer minor units.
    static func format(_ money: Money) -> String {
        let digits = money.currency.minorUnitDigits
        guard digits > 0 else { return "\(money.minorUnits) \(money.currency.code)" }
        var divisor: Int64 = 1
        for _ in 0..<digits { divisor *= 10 }
        let sign = money.minorUnits < 0 ? "-" : ""
        let units = abs(money.minorUnits)
        let fraction = String(units % divisor)
        return "\(sign)\(units / divisor).\(String(repeating: "0", count: digits - fraction.count))\(fraction) \(money.currency.code)"
    }
}
