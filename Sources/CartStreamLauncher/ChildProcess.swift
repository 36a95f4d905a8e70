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
    var stopGracePeriod: Duration = .seconds(10)

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
        await withGracefulShutdownHandler {
            for await status in exited.stream {
                if status != 0 && status != 15 {
                    logger.error("\(name) exited with status \(status); see \(logFile.path)")
                }
            }
        } onGracefulShutdown: {
            guard process.isRunning else { return }
            kill(process.processIdentifier, SIGTERM)
            let pid = process.processIdentifier
            let grace = stopGracePeriod
            Task {
                try? await Task.sleep(for: grace)
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        try? log.close()
    }
}
