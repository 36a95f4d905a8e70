/// The four services of the local system and their ports.
struct LocalServices: Sendable {
    struct Entry: Sendable {
        var name: String
        var executable: String
        var port: Int
    }

    let cart: Entry
    let fraud: Entry
    let billing: Entry
    let email: Entry

    init(basePort: Int) {
        cart = Entry(name: "cart-service", executable: "cart-service", port: basePort)
        fraud = Entry(name: "fraud-service", executable: "fraud-service", port: basePort + 1)
        billing = Entry(name: "billing-service", executable: "billing-service", port: basePort + 2)
        email = Entry(name: "email-service", executable: "email-service", port: basePort + 3)
    }

    var all: [Entry] { [cart, fraud, billing, email] }
}
