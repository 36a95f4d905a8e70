import CartDomain
import ConsumerRuntime
import EmailServiceCore
import Foundation
import GRDB
import Logging
import ServiceRuntime
import Testing

@Suite("Email service", .serialized)
struct EmailServiceTests {
    static let behaviour = ConsumerBehaviour<EmailReadModel>(service: "email-service") { configuration, bed in
        try ConsumerRuntime(
            configuration: configuration, model: EmailReadModel(reminderAfterSeconds: 3600, templates: try EmailTemplates()),
            codec: CartEventCodec.cart, health: .init(), logger: bed.logger)
    }

    /// Confirmations for the six checkouts; reminders for the four carts left open (erin, frank 1–3).
    static let expectedMails: [String: Int] = [
        "alice@example.com": 2, "bob@example.com": 1, "carol@example.com": 1, "gina@example.com": 1,
        "frank@example.com": 4, "erin@example.com": 1,
    ]

    private func startConsumer(_ bed: TestBed) async throws -> RunningConsumer<EmailReadModel> {
        try await bed.produce(CartScript.sample.envelopes)
        let running = RunningConsumer(try Self.behaviour.make(bed.configuration(service: "email-service", database: "email.sqlite"), bed))
        try await running.waitUntilCaughtUp(bed)
        return running
    }

    private func sender(_ running: RunningConsumer<EmailReadModel>, _ sink: SMTPSink) throws -> OutboxSender {
        OutboxSender(
            store: running.runtime.store, ledger: try DeliveryLedger(path: running.runtime.configuration.databasePath + ".deliveries"),
            client: SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: sink.port)), interval: .milliseconds(50),
            logger: .init(label: "test-sender"))
    }

    @Test func theSMTPServerReceivesExactlyTheExpectedMailsEachOnce() async throws {
        let bed = try TestBed(partitions: 1)  // one partition: every cart sees the later events (reminder rule)
        defer { bed.removeFiles() }
        let sink = try SMTPSink(directory: bed.directory)
        defer { sink.stop() }
        try await sink.waitUntilListening()
        let running = try await startConsumer(bed)
        let first = try sender(running, sink)
        try await eventually("10 mails delivered") {
            _ = try await first.sendPending()
            return sink.received.count >= 10
        }
        var received = sink.received
        #expect(received.count == 10)
        #expect(Dictionary(grouping: received, by: { $0.recipients.first ?? "" }).mapValues(\.count) == Self.expectedMails)
        let messageIDs = received.compactMap { $0.header("Message-ID") }
        #expect(Set(messageIDs).count == 10)
        let notifications = try await running.runtime.store.database.read { db in
            try ["alice", "bob", "carol", "erin", "frank", "gina"].flatMap { try EmailQueries.notifications(customerID: $0, in: db) }
        }
        #expect(Set(notifications.map(\.messageId)) == Set(messageIDs))
        #expect(notifications.allSatisfy { $0.status == "sent" })
        #expect(notifications.filter { $0.kind == "cart_reminder" }.count == 4)
        let book = try #require(received.first { $0.data.contains("cart-alice-1") && $0.data.contains("Book") })
        #expect(book.data.contains("Book &lt;Deluxe&gt;"), "template values are HTML-escaped")
        #expect(book.data.contains("2 × Book &lt;Deluxe&gt;") && book.data.contains("39.98 EUR"))

        // A replay rebuilds the outbox as `pending`; nothing is sent again.
        try running.runtime.startReplay(.beginning)
        try await eventually("replay completed") { running.runtime.replayStatus.state == "completed" }
        #expect(try await first.sendPending() == 0)
        // A restarted sender sends nothing again either.
        let restarted = try sender(running, sink)
        #expect(try await restarted.sendPending() == 0)
        received = sink.received
        #expect(received.count == 10)
        let statuses = try await running.runtime.store.database.read {
            try String.fetchAll($0, sql: "SELECT DISTINCT status FROM notifications")
        }
        #expect(statuses == ["sent"])
        await running.stop()
    }

    @Test("a recipient or subject from a foreign record that would inject SMTP lines is refused, never sent, and the rest goes out")
    func headerInjectionIsRefused() async throws {
        let bed = try TestBed(partitions: 1)
        defer { bed.removeFiles() }
        let sink = try SMTPSink(directory: bed.directory)
        defer { sink.stop() }
        try await sink.waitUntilListening()
        var script = CartScript()
        script.emit(
            "cart-mallory-1",
            .created(
                CartCreated(
                    cartID: "cart-mallory-1", customerID: "mallory", customerEmail: "mallory@example.com\r\nRCPT TO:<victim@example.com>",
                    currency: .eur)))
        script.checkout("cart-mallory-1", lines: [("PEN-1", "Pen", 250, 1)])
        let subjectCart = "cart-x\r\nBcc: victim@example.com"
        script.emit(
            subjectCart,
            .created(CartCreated(cartID: subjectCart, customerID: "trudy", customerEmail: "trudy@example.com", currency: .eur)))
        script.checkout(subjectCart, lines: [("PEN-1", "Pen", 250, 1)])
        script.create("cart-oscar-1", customer: "oscar")
        script.checkout("cart-oscar-1", lines: [("PEN-1", "Pen", 250, 1)])
        try await bed.produce(script.envelopes)
        let running = RunningConsumer(try Self.behaviour.make(bed.configuration(service: "email-service", database: "email.sqlite"), bed))
        try await running.waitUntilCaughtUp(bed)
        let sender = try sender(running, sink)
        #expect(try await sender.sendPending() == 1, "only oscar's confirmation can be sent")
        #expect(try await sender.sendPending() == 0, "refused messages are not retried")
        #expect(sink.received.map(\.recipients) == [["oscar@example.com"]])
        #expect(!sink.received.contains { $0.data.contains("victim") })
        let statuses = try await running.runtime.store.database.read {
            try [String: String](
                uniqueKeysWithValues: Row.fetchAll($0, sql: "SELECT customer_id, status FROM notifications").map {
                    ($0["customer_id"], $0["status"])
                })
        }
        #expect(statuses == ["mallory": "refused", "trudy": "refused", "oscar": "sent"])
        await running.stop()
    }

    @Test func aCrashBetweenSendingAndMarkingDoesNotResend() async throws {
        let bed = try TestBed(partitions: 1)
        defer { bed.removeFiles() }
        let sink = try SMTPSink(directory: bed.directory)
        defer { sink.stop() }
        try await sink.waitUntilListening()
        let running = try await startConsumer(bed)
        let bob = try #require(
            try await running.runtime.store.database.read { try EmailQueries.notifications(customerID: "bob", in: $0) }.first)
        // The previous process recorded `sending` for bob's confirmation and died.
        try DeliveryLedger(path: running.runtime.configuration.databasePath + ".deliveries").simulateInterruptedSend(
            bob.id, messageID: bob.messageId)
        let sender = try sender(running, sink)
        let task = Task { try await sender.run() }
        try await eventually("9 mails delivered") { sink.received.count >= 9 }
        try await eventually("bob uncertain") {
            try await running.runtime.store.database.read { try EmailQueries.notifications(customerID: "bob", in: $0) }.first?.status
                == "uncertain"
        }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        _ = await task.result
        #expect(sink.received.count == 9)
        #expect(!sink.received.contains { $0.recipients == ["bob@example.com"] })
        await running.stop()
    }

    @Test func dataIsDotStuffedWithCRLF() {
        let message = SMTPMessage(
            to: "a@example.com", subject: "Grüße", htmlBody: "<p>one</p>\n.two\n..three\nfour", messageID: "<m@x>",
            date: Date(timeIntervalSince1970: 0))
        let data = SMTPClient.dataSection(message, from: "shop@example.com")
        #expect(data.contains("\r\n..two\r\n...three\r\nfour\r\n.\r\n"))
        #expect(data.contains("Subject: =?UTF-8?B?"))
        #expect(!data.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test(arguments: [UInt64(5), 6]) func restartsAtRandomPointsMatchAFullReplay(seed: UInt64) async throws {
        try await Self.behaviour.restartsMatchFullReplay(seed: seed)
    }

    @Test func poisonRecordsGoToTheDeadLetterTopic() async throws {
        try await Self.behaviour.poisonRecordsAreDeadLettered { db throws in
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notifications WHERE kind = 'order_confirmation'")
            #expect(count == 6)
        }
    }

    @Test func replaysFromBeginningOffsetsAndTimestamp() async throws {
        try await Self.behaviour.replays()
    }

    @Test func recreatedTopicIsDetectedAndNotSkipped() async throws {
        try await Self.behaviour.recreatedTopicIsDetected()
    }
}
