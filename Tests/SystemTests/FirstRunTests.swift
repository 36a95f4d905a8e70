import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// README's first command, run exactly as a newcomer runs it: in a fresh clone with nothing built.
///
/// It clones the checkout's committed state (`git clone` of the repository this test file is in)
/// into a temporary folder and runs `./scripts/run.sh --demo --exit-after-demo` there: set-up,
/// a release build of every product from scratch, the demo traffic on the default ports, and a
/// clean stop. This takes minutes (the release build), so the test command runs this suite on its
/// own, after the other system tests.
@Suite("README's first command from a fresh clone")
struct FirstRunTests {
    /// The first command of README.md, as written there.
    static let readmeFirstCommand = "./scripts/run.sh --demo"

    @Test(
        "./scripts/run.sh --demo builds what it starts and processes the demo in a clone with nothing built",
        .timeLimit(.minutes(50)))
    func readmeFirstCommandFromAFreshClone() async throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
        let readme = try String(contentsOf: repository.appendingPathComponent("README.md"), encoding: .utf8)
        let commands = readme.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first ?? ""
        #expect(
            commands.split(separator: "\n").first.map(String.init) == Self.readmeFirstCommand,
            "README's first command changed; this test runs \(Self.readmeFirstCommand):\n\(commands)")

        // The demo uses the default ports: a leftover system on them would be talked to instead.
        let busy = [8080, 8081, 8082, 8083, 2525].filter { !LocalSystem.isFree($0) }
        try #require(busy.isEmpty, "ports \(busy) are in use; README's first command needs 8080–8083 and 2525")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cartstream-first-run-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let clone = try await Self.run(
            "/usr/bin/git", ["clone", "--quiet", repository.path, folder.path], in: repository, timeout: .seconds(120))
        try #require(clone.status == 0, "git clone failed: \(clone.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".build").path), "nothing is prebuilt in the clone")

        let arguments = Self.readmeFirstCommand.split(separator: " ").map(String.init) + ["--exit-after-demo"]
        let first = try await Self.run(
            folder.appendingPathComponent(arguments[0]).path, Array(arguments.dropFirst()), in: folder, timeout: .seconds(45 * 60))
        let tail = first.output.split(separator: "\n", omittingEmptySubsequences: false).suffix(40).joined(separator: "\n")
        #expect(first.status == 0, "exit status \(String(describing: first.status)); last lines:\n\(tail)")
        #expect(first.output.contains("all services ready"), "\(tail)")
        #expect(first.output.contains("demo processed by every service; stopping"), "\(tail)")
        #expect(first.output.contains("CartStream stopped."), "\(tail)")
        for service in ["cart-service", "fraud-service", "billing-service", "email-service"] {
            #expect(first.output.contains("stopped \(service) (exited with status 0)"), "\(service): \(tail)")
        }
    }

    /// Runs a program to completion (bounded: killed with its process group at the deadline).
    static func run(_ executable: String, _ arguments: [String], in directory: URL, timeout: Duration) async throws -> (
        status: Int32?, output: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = ["--wait", executable] + arguments
        process.currentDirectoryURL = directory
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("first-run-\(UUID().uuidString.prefix(8)).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .seconds(1)) }
        if process.isRunning {
            // setsid made the program a process-group leader: end the whole group (the build too).
            if let leader = try? String(
                contentsOfFile: "/proc/\(process.processIdentifier)/task/\(process.processIdentifier)/children", encoding: .utf8
            )
            .split(separator: " ").first.flatMap({ pid_t($0) }) {
                kill(-leader, SIGKILL)
            }
            kill(-process.processIdentifier, SIGKILL)
            process.terminate()
        }
        try? handle.close()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return (process.isRunning ? nil : process.terminationStatus, output)
    }
}
