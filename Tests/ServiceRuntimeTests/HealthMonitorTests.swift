import ServiceRuntime
import Testing

@Suite("Health monitor and environment")
struct HealthMonitorTests {
    @Test("ready only when every component is ready; fatal makes it dead")
    func readiness() {
        let health = HealthMonitor()
        #expect(health.isReady)
        health.set("kafka", ready: false, detail: "connecting")
        #expect(!health.isReady)
        #expect(health.readiness().components["kafka"]?.detail == "connecting")
        health.set("kafka", ready: true)
        #expect(health.isReady && health.isAlive)
        health.markFatal("disk full")
        #expect(!health.isAlive && !health.isReady)
        #expect(health.readiness().status == "unavailable")
    }

    @Test("environment values are typed; bad values name the variable")
    func environment() throws {
        let environment = EnvironmentReader(["HTTP_PORT": "9090", "FLAG": "yes", "LIST": "a, b,,c", "BAD": "x"])
        #expect(try environment.int("HTTP_PORT", default: 1) == 9090)
        #expect(try environment.int("MISSING", default: 7) == 7)
        #expect(try environment.bool("FLAG", default: false))
        #expect(environment.list("LIST", default: []) == ["a", "b", "c"])
        #expect(throws: ConfigurationError.self) { try environment.int("BAD", default: 0) }
        do {
            _ = try environment.int("BAD", default: 0)
        } catch {
            #expect("\(error)".contains("BAD=x"))
        }
    }
}
