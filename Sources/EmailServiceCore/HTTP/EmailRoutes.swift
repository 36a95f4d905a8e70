public import ConsumerRuntime
public import Foundation
public import GRDB
public import Hummingbird
import ServiceRuntime

/// A notification as `GET /customers/{id}/notifications` shows it.
public struct NotificationView: Codable, Sendable, Equatable {
    public var id: String
    public var kind: String
    public var recipient: String
    public var subject: String
    public var messageId: String
    public var causedByEventId: String
    /// `pending`, `sent`, `uncertain` (the server may have it: not resent) or `refused` (never sendable:
    /// a recipient or subject that would inject header or SMTP lines).
    public var status: String
    public var createdAt: Date
}

/// Read-side queries of the email model.
public enum EmailQueries {
    /// A customer's notifications, oldest first.
    public static func notifications(customerID: String, in db: Database) throws -> [NotificationView] {
        try Row.fetchAll(db, sql: "SELECT * FROM notifications WHERE customer_id = ? ORDER BY created_at_ms, id", arguments: [customerID])
            .map {
                NotificationView(
                    id: $0["id"], kind: $0["kind"], recipient: $0["recipient"], subject: $0["subject"], messageId: $0["message_id"],
                    causedByEventId: $0["caused_by_event_id"], status: $0["status"],
                    createdAt: Date(timeIntervalSince1970: Double($0["created_at_ms"] as Int64) / 1000))
            }
    }
}

/// `GET /customers/{id}/notifications`.
public struct EmailRoutes: Sendable {
    let runtime: ConsumerRuntime<EmailReadModel>

    /// Creates the routes.
    /// - Parameter runtime: the email consumer.
    public init(runtime: ConsumerRuntime<EmailReadModel>) { self.runtime = runtime }

    /// Adds them to `router`.
    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("customers/:id/notifications") { _, context -> Response in
            let id = try context.parameters.require("id")
            return OperationsRoutes.jsonResponse(
                try await runtime.store.database.read { try EmailQueries.notifications(customerID: id, in: $0) })
        }
    }
}
