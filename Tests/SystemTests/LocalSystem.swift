import Foundation
import Testing

/// Runs the built executables (`cartstream`, `cartctl`) as a user would.
enum LocalSystem {
    /// The folder holding the built products (next to the test bundle).
    static var binDirectory: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        var directory = testBinary.deletingLastPathComponent()
        while directory.path != "/" && !FileManager.default.fileExists(atPath: directory.appendingPathComponent("cartstream").path) {
            directory = directory.deletingLastPathComponent()
        }
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent("cartstream").path) { return directory }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug").standardizedFileURL
    }

    /// A free TCP port on loopback (the kernel picks one; it is closed again right away).
    static func freePort() -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Four consecutive free ports (cart, fraud, billing, email), checked one by one.
    static func freeBasePort() -> Int {
        for _ in 0..<50 {
            let base = Int.random(in: 20_000...60_000)
            if (0..<4).allSatisfy({ isFree(base + $0) }) { return base }
        }
        return 38_080
    }

    static func isFree(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}

/// A started child process whose output is collected.
final class RunningProcess: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var collected = ""

    /// - Parameter ownSession: run it as a session and process-group leader (`setsid`), as a
    ///   shell runs a foreground job, so ``interruptSession()`` can play a terminal's Ctrl-C.
    /// - Parameter separateErrorOutput: collect standard error apart (``errorOutput``) instead of
    ///   interleaved with standard output.
    init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], ownSession: Bool = false,
        separateErrorOutput: Bool = false
    ) throws {
        let path = LocalSystem.binDirectory.appendingPathComponent(executable)
        if ownSession {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = ["--wait", path.path] + arguments
        } else {
            process.executableURL = path
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            guard !data.isEmpty else {  // end of file: every writer closed it
                handle.readabilityHandler = nil
                self.lock.withLock { self.openStreams -= 1 }
                return
            }
            self.lock.withLock { self.collected += String(decoding: data, as: UTF8.self) }
        }
        openStreams = 1
        if separateErrorOutput {
            let errorPipe = Pipe()
            process.standardError = errorPipe
            openStreams = 2
            errorPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self else { return }
                guard !data.isEmpty else {
                    handle.readabilityHandler = nil
                    self.lock.withLock { self.openStreams -= 1 }
                    return
                }
                self.lock.withLock { self.collectedErrors += String(decoding: data, as: UTF8.self) }
            }
        }
        try process.run()
    }

    private var collectedErrors = ""
    /// Output pipes not yet at end of file.
    private var openStreams = 0

    /// Waits (bounded) until every output pipe reached end of file, so ``output`` holds all of it
    /// (a large output is still being read when the process has already exited).
    func waitForOutputEnd(timeout: Duration = .seconds(10)) async {
        let deadline = ContinuousClock.now + timeout
        while lock.withLock({ openStreams > 0 }), ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
    }

    /// Standard output, and standard error unless it is collected apart.
    var output: String { lock.withLock { collected } }
    /// Standard error of a process started with `separateErrorOutput`.
    var errorOutput: String { lock.withLock { collectedErrors } }

    /// Waits (bounded) until the output contains `text`.
    func waitFor(_ text: String, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if output.contains(text) { return true }
            if !process.isRunning { return output.contains(text) }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    /// Waits (bounded) for the process to exit; returns its status, or nil when it did not.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(200)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    func stop() { if process.isRunning { process.interrupt() } }

    /// SIGINT to the whole process group of a process started with `ownSession`, as a terminal
    /// sends on Ctrl-C.
    func interruptSession() {
        let pid = process.processIdentifier
        // `setsid` runs the program in place, or forks it when it already leads a group.
        var leader = pid
        if getsid(pid) != pid, let children = try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8),
            let child = children.split(separator: " ").first.flatMap({ pid_t($0) })
        {
            leader = child
        }
        kill(-leader, SIGINT)
    }

    deinit { if process.isRunning { process.terminate() } }
}

/// Runs a command to completion (bounded) and returns status and output.
func runToCompletion(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(60)
) async throws -> (status: Int32?, output: String) {
    let running = try RunningProcess(executable, arguments, environment: environment)
    let status = await running.waitForExit(timeout: timeout)
    if status == nil { running.process.terminate() }
    await running.waitForOutputEnd()
    return (status, running.output)
}

/// Runs a command to completion (bounded) with standard output and standard error apart
/// (for commands printing JSON on standard output).
func runCapturingStreams(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(60)
) async throws -> (status: Int32?, stdout: String, stderr: String) {
    let running = try RunningProcess(executable, arguments, environment: environment, separateErrorOutput: true)
    let status = await running.waitForExit(timeout: timeout)
    if status == nil { running.process.terminate() }
    await running.waitForOutputEnd()
    return (status, running.output, running.errorOutput)
}

#if canImport(Glibc)
    import Glibc
#endif
