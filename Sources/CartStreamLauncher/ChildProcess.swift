import Foundation
import Logging
import ServiceLifecycle

/// One service of the local system, run as a child process: started with its environment,
/// its output in a log file, stopped with SIGTERM on graceful shutdown (SIGKILL after a grace period).
struct ChildProcess: Service {
    let name: String
    let executable: URL
    let arguments: [String]
    let environment: [String: String]
    let logFile: URL
    let logger: Logger
    var stopGracePeriod: Duration = .seconds(12)

    func run() async throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        process.standardOutput = log
        process.standardError = log
        let exited = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { exited.continuation.yield($0.terminationStatus); exited.continuation.finish() }
        try process.run()
        logger.debug("started", metadata: ["service": "\(name)", "pid": "\(process.processIdentifier)"])
        let pid = process.processIdentifier
        let grace = stopGracePeriod
        // Stop the child on graceful shutdown and on cancellation (another component failed):
        // never leave an orphan behind.
        let stop: @Sendable () -> Void = {
            guard process.isRunning else { return }
            kill(pid, SIGTERM)
            Task.detached {
                try? await Task.sleep(for: grace)
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        let status: Int32? = await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                var last: Int32?
                for await status in exited.stream { last = status }
                return last
            } onGracefulShutdown: {
                stop()
            }
        } onCancel: {
            stop()
        }
        try? log.close()
        if !Task.isShuttingDownGracefully, let status {
            let tail = (try? String(contentsOf: logFile, encoding: .utf8))?.split(separator: "\n").suffix(5).joined(separator: "\n") ?? ""
            throw LauncherError("\(name) exited with status \(status); last lines of \(logFile.path):\n\(tail)")
        }
    }
}
