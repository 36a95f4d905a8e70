public import ConsumerRuntime
import Foundation
import GRDB
public import Logging
public import ServiceLifecycle

/// Delivers the outbox (`notifications` with status `pending`) over SMTP, each once.
///
/// Exactly-once protocol (per notification, keyed by its id `<event id>/<kind>`):
/// 1. the ledger (a separate database) says `sent` or `uncertain` → never send; copy the
///    state to the outbox row (a replayed outbox row starts `pending` again);
/// 2. otherwise record `sending` in the ledger and commit it, THEN run the SMTP transaction
///    with a Message-ID derived from the event id;
/// 3. 250 after DATA → record `sent`. A definite refusal before the end of DATA → the
///    attempt is forgotten and retried later. No reply after the final `.` → `uncertain`.
/// 4. At start, any `sending` (a crash between 2 and 3) becomes `uncertain`: not resent.
///
/// Remaining window, honestly: a crash after `sending` is committed but before the server
/// accepted the message loses that e-mail (at most once); it is visible as `uncertain` in
/// `GET /customers/{id}/notifications` for an operator to resend, and receivers can
/// de-duplicate a manual resend by the stable Message-ID.
public final class OutboxSender: Service, Sendable {
    let store: ReadModelStore
    let ledger: DeliveryLedger
    let client: SMTPClient
    let logger: Logger
    let interval: Duration

    /// Creates a sender.
    /// - Parameters:
    ///   - store: the email read model's database (its outbox).
    ///   - ledger: the delivery ledger.
    ///   - client: the SMTP client.
    ///   - interval: how often the outbox is polled.
    ///   - logger: logger.
    public init(store: ReadModelStore, ledger: DeliveryLedger, client: SMTPClient, interval: Duration = .milliseconds(200), logger: Logger)
    {
        self.store = store
        self.ledger = ledger
        self.client = client
        self.interval = interval
        self.logger = logger
    }

    /// Sends until graceful shutdown.
    public func run() async throws {
        for id in try ledger.markInterruptedAsUncertain() {
            logger.warning("delivery interrupted by a crash; not resending (uncertain)", metadata: ["email.notification_id": "\(id)"])
        }
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { _ = try await self.sendPending() } catch is CancellationError { return } catch {
                    self.logger.error("outbox delivery failed; retrying", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: self.interval)  // cancelled on shutdown: the loop ends cleanly
            }
        }
    }

    /// One pass over the pending outbox; returns how many e-mails were sent.
    @discardableResult
    public func sendPending() async throws -> Int {
        let pending = try await store.database.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT id, recipient, subject, html_body, message_id, created_at_ms FROM notifications WHERE status = 'pending' ORDER BY created_at_ms, id LIMIT 100"
            )
        }
        var sent = 0
        for row in pending {
            let id: String = row["id"]
            switch try ledger.state(of: id) {
            case .sent?:
                try? await markOutbox(id, "sent")
                continue
            case .uncertain?, .sending?:
                try? await markOutbox(id, "uncertain")
                continue
            case nil:
                break
            }
            let message = SMTPMessage(
                to: row["recipient"], subject: row["subject"], htmlBody: row["html_body"], messageID: row["message_id"],
                date: Date(timeIntervalSince1970: Double(row["created_at_ms"] as Int64) / 1000))
            try ledger.begin(id, messageID: message.messageID)
            do {
                try await client.send(message)
            } catch {
                if error.outcomeUnknown {
                    try ledger.finish(id, .uncertain, detail: error.description)
                    try? await markOutbox(id, "uncertain")
                    logger.error(
                        "delivery outcome unknown; not resending", metadata: ["email.notification_id": "\(id)", "error": "\(error)"])
                    continue
                }
                try ledger.forget(id, detail: error.description)
                if error.isPermanent {
                    // Never sendable (header injection from a foreign record): kept as `refused`, not retried.
                    try? await markOutbox(id, "refused")
                    logger.error("notification refused; not sending", metadata: ["email.notification_id": "\(id)", "error": "\(error)"])
                    continue
                }
                throw error
            }
            try ledger.finish(id, .sent)
            try? await markOutbox(id, "sent")
            sent += 1
        }
        return sent
    }

    private func markOutbox(_ id: String, _ status: String) async throws {
        try await store.database.write { db in
            try db.execute(sql: "UPDATE notifications SET status = ? WHERE id = ?", arguments: [status, id])
        }
    }
}
