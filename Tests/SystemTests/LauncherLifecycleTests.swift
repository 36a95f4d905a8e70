import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// How `cartstream` ends its services, whatever ends it, and which data folders it will wipe.
@Suite("The launcher never leaves services behind and never wipes a folder it did not make", .serialized)
struct LauncherLifecycleTests {
    @Test("kill -9 of the launcher leaves no service running within a few seconds")
    func servicesEndWithAKilledLauncher() async throws {
        let base = LocalSystem.freeBasePort()
        let data = LauncherRun.temporaryDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let launcher = try LauncherRun(base: base, data: data)
        defer { launcher.terminate() }
        #expect(await launcher.waitForOutput("all services ready", timeout: .seconds(120)), "\(launcher.output)")
        let services = launcher.childProcesses()
        #expect(services.count == 4, "the launcher runs four services: \(services)")
        #expect(LauncherRun.openPorts(base: base) == 4, "every service listens before the kill")

        kill(launcher.pid, SIGKILL)
        let gone = await LauncherRun.eventually(within: .seconds(20)) {
            services.allSatisfy { !LauncherRun.isAlive($0) } && LauncherRun.openPorts(base: base) == 0
        }
        #expect(gone, "services still running after the launcher was killed: \(services.filter(LauncherRun.isAlive))")
        for service in services where LauncherRun.isAlive(service) { kill(service, SIGKILL) }
    }

    @Test("with its standard output closed mid-run, the launcher still stops everything cleanly on SIGINT")
    func closedStandardOutput() async throws {
        let base = LocalSystem.freeBasePort()
        let data = LauncherRun.temporaryDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let launcher = try LauncherRun(base: base, data: data)
        defer { launcher.terminate() }
        #expect(await launcher.waitForOutput("all services ready", timeout: .seconds(120)), "\(launcher.output)")
        let services = launcher.childProcesses()
        #expect(services.count == 4)

        // As when `| tee` exits first: the reader of the launcher's output goes away.
        launcher.closeOutput()
        kill(launcher.pid, SIGINT)
        let status = await launcher.waitForExit(timeout: .seconds(60))
        #expect(
            status == 0,
            "the launcher exits 0 after stopping its services (a SIGPIPE death would be status \(128 + SIGPIPE)): \(String(describing: status))"
        )
        let stopped = await LauncherRun.eventually(within: .seconds(5)) {
            services.allSatisfy { !LauncherRun.isAlive($0) } && LauncherRun.openPorts(base: base) == 0
        }
        #expect(stopped, "services left running: \(services.filter(LauncherRun.isAlive))")
        for service in services where LauncherRun.isAlive(service) { kill(service, SIGKILL) }
    }

    @Test("--data-dir refuses a folder it did not make, and wipes only one it made")
    func dataDirectoryIsOnlyWipedWhenTheLauncherMadeIt() async throws {
        // A folder of the user's (think `--data-dir .`): refused, nothing deleted.
        let foreign = LauncherRun.temporaryDataDirectory()
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: foreign) }
        try Data("precious".utf8).write(to: URL(fileURLWithPath: foreign + "/notes.txt"))
        let refused = try await runToCompletion("cartstream", ["--data-dir", foreign, "--base-port", "\(LocalSystem.freeBasePort())"])
        #expect(refused.status != 0 && refused.status != nil)
        #expect(refused.output.contains("was not made by cartstream"), "\(refused.output)")
        #expect(FileManager.default.fileExists(atPath: foreign + "/notes.txt"), "nothing of the user's is deleted")

        // A folder made by an earlier run: wiped at the next start.
        let own = LauncherRun.temporaryDataDirectory()
        defer { try? FileManager.default.removeItem(atPath: own) }
        for run in 1...2 {
            let base = LocalSystem.freeBasePort()
            let launcher = try LauncherRun(base: base, data: own)
            defer { launcher.terminate() }
            #expect(await launcher.waitForOutput("all services ready", timeout: .seconds(120)), "\(launcher.output)")
            #expect(FileManager.default.fileExists(atPath: own + "/.cartstream-data-dir"), "the launcher marks the folder it made")
            if run == 1 {
                try Data("left over".utf8).write(to: URL(fileURLWithPath: own + "/stale-read-model.sqlite"))
            } else {
                #expect(!FileManager.default.fileExists(atPath: own + "/stale-read-model.sqlite"), "a folder of an earlier run is wiped")
            }
            kill(launcher.pid, SIGINT)
            #expect(await launcher.waitForExit(timeout: .seconds(60)) == 0, "\(launcher.output)")
        }
    }
}

/// A `cartstream` run (no demo) whose standard output the test can close.
final class LauncherRun: @unchecked Sendable {
    private let process = Process()
    private let pipe = Pipe()
    private let lock = NSLock()
    private var collected = ""

    init(base: Int, data: String) throws {
        process.executableURL = LocalSystem.binDirectory.appendingPathComponent("cartstream")
        process.arguments = ["--base-port", "\(base)", "--smtp-port", "\(LocalSystem.freePort())", "--partitions", "3", "--data-dir", data]
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard !data.isEmpty, let self else { return }
            self.lock.withLock { self.collected += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    var pid: pid_t { process.processIdentifier }
    var output: String { lock.withLock { collected } }

    /// Waits (bounded) until the output contains `text`.
    func waitForOutput(_ text: String, timeout: Duration) async -> Bool {
        await Self.eventually(within: timeout) { self.output.contains(text) || !self.process.isRunning } && output.contains(text)
    }

    /// Waits (bounded) for the launcher to exit; its status, or nil.
    func waitForExit(timeout: Duration) async -> Int32? {
        _ = await Self.eventually(within: timeout) { !self.process.isRunning }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Closes the only reader of the launcher's standard output.
    func closeOutput() {
        pipe.fileHandleForReading.readabilityHandler = nil
        try? pipe.fileHandleForReading.close()
    }

    /// The launcher's child processes (the services), from /proc.
    func childProcesses() -> [pid_t] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { task in
            ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? "")
                .split(separator: " ").compactMap { pid_t($0) }
        }
    }

    func terminate() { if process.isRunning { kill(pid, SIGKILL) } }

    /// True while `pid` exists and is not a zombie.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }

    /// How many of the four service ports accept a connection (a listener, not a port in TIME_WAIT).
    static func openPorts(base: Int) -> Int {
        (0..<4).filter { accepts(port: base + $0) }.count
    }

    static func accepts(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// Polls `condition` every 200 ms until it holds or `within` passed.
    static func eventually(within: Duration, _ condition: @escaping () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + within
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return condition()
    }

    static func temporaryDataDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cartstream-\(UUID().uuidString.prefix(8))").path
    }
}
