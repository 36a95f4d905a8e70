import Foundation
public import Hummingbird
import Kafka
import ServiceRuntime

/// `/admin/replay`, `/admin/reset`, `/admin/offsets` and `/admin/dlq/redrive` of a consumer, behind a bearer token.
public enum ConsumerAdminRoutes {
    /// Adds the admin routes (and `/health/*`, `/metrics`) to `router`.
    /// - Parameters:
    ///   - router: the service's router.
    ///   - runtime: the consumer runtime.
    public static func add<Context: RequestContext, Model: ReadModel>(to router: Router<Context>, runtime: ConsumerRuntime<Model>) {
        OperationsRoutes.add(to: router, health: runtime.health)
        let admin = router.group("admin").add(middleware: BearerTokenMiddleware(token: runtime.configuration.adminToken))
        admin.post("replay") { request, context -> Response in
            let plan: ReplayPlan
            do { plan = try await request.decode(as: ReplayPlan.self, context: context) } catch {
                throw ProblemDetails(status: .badRequest, type: "invalid_replay", title: "Invalid replay request", detail: "\(error)")
            }
            do {
                return OperationsRoutes.jsonResponse(try runtime.startReplay(plan), status: .accepted)
            } catch let error as ConsumerError {
                throw ProblemDetails(status: .conflict, type: "replay_in_progress", title: "Replay not started", detail: error.description)
            }
        }
        admin.get("replay") { _, _ -> Response in
            OperationsRoutes.jsonResponse(runtime.replayStatus)
        }
        admin.post("reset") { _, _ -> Response in
            runtime.requestReset()
            return OperationsRoutes.jsonResponse(["status": "reset requested"], status: .accepted)
        }
        admin.post("dlq/redrive") { request, context -> Response in
            let body: RedriveRequest
            do { body = try await request.decode(as: RedriveRequest.self, context: context) } catch {
                throw ProblemDetails(status: .badRequest, type: "invalid_redrive", title: "Invalid re-drive request", detail: "\(error)")
            }
            do {
                let results = try await runtime.redrive(body.records)
                return OperationsRoutes.jsonResponse(RedriveResponse(service: runtime.configuration.serviceName, results: results))
            } catch let error as ConsumerError {
                throw ProblemDetails(status: .conflict, type: "redrive_refused", title: "Re-drive not started", detail: error.description)
            } catch let error as KafkaError {
                throw ProblemDetails(
                    status: .serviceUnavailable, type: "kafka_unavailable", title: "Cannot read the events topic", detail: error.description
                )
            }
        }
        admin.get("offsets") { _, _ -> Response in
            let halted = runtime.haltedPartitions
            let entries = try runtime.storedOffsets().map {
                StoredOffsetsResponse.Entry(
                    topic: $0.topic, partition: $0.partition, nextOffset: $0.nextOffset, lastEventId: $0.lastEventID,
                    halted: halted[$0.topicPartition])
            }
            return OperationsRoutes.jsonResponse(
                StoredOffsetsResponse(
                    service: runtime.configuration.serviceName, group: runtime.configuration.consumerGroup, offsets: entries))
        }
    }
}

/// The body of `GET /admin/offsets`.
struct StoredOffsetsResponse: Encodable {
    struct Entry: Encodable {
        var topic: String
        var partition: Int32
        var nextOffset: Int64
        var lastEventId: String
        var halted: String?
    }
    var service: String
    var group: String
    var offsets: [Entry]
}
