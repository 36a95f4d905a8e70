import Foundation
import Kafka
import Logging
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
    import NIOConcurrencyHelpers
#endif

/// One service of the local system, run as a child process: started with its environment,
/// its output in a log file, stopped with SIGTERM on graceful shutdown (SIGKILL after a grace period).
///
/// The child is spawned with `posix_spawn` and reaped with `waitpid` polling, not with
/// Foundation's `Process`: the launcher must notice every exit by itself (a stop is bounded
/// even when a child ignores SIGTERM), and the child inherits no descriptor beyond its
/// standard streams (no listening socket, no pipe of whoever started the launcher), no
/// blocked signals, and runs in its own process group (Ctrl-C goes to the launcher only).
///
/// The child also inherits the read end of the launcher's ``LivenessPipe`` as descriptor 3
/// (named in `CARTSTREAM_PARENT_LIVENESS_FD`): when the launcher ends in any way, SIGKILL
/// included, the child's `ParentLivenessWatch` sees end-of-file and the service stops itself.
struct ChildProcess: Service {
    let name: String
    let executable: URL
    let arguments: [String]
    let environment: [String: String]
    let logFile: URL
    /// The liveness pipe whose read end the child watches.
    let liveness: LivenessPipe
    let logger: Logger
    var stopGracePeriod: Duration = .seconds(12)
    var killWait: Duration = .seconds(5)

    func run() async throws {
        let pid = try spawn()
        logger.debug("started", metadata: ["service": "\(name)", "pid": "\(pid)"])
        let stopRequested = NIOLockedValueBox(false)
        let status: Int32? = await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await waitForExit(pid: pid, stopRequested: stopRequested)
            } onGracefulShutdown: {
                stopRequested.withLockedValue { $0 = true }
            }
        } onCancel: {
            stopRequested.withLockedValue { $0 = true }
        }
        if stopRequested.withLockedValue({ $0 }) {
            say("  stopped \(name) (\(status.map(Self.describe) ?? "did not exit after SIGKILL"))")
            return
        }
        let tail = (try? String(contentsOf: logFile, encoding: .utf8))?.split(separator: "\n").suffix(5).joined(separator: "\n") ?? ""
        throw LauncherError("\(name) \(status.map(Self.describe) ?? "vanished"); last lines of \(logFile.path):\n\(tail)")
    }

    /// Polls the child until it exits. Once a stop is requested it sends SIGTERM, then SIGKILL
    /// after the grace period, and gives up (nil) if even that is not reaped in time.
    private func waitForExit(pid: pid_t, stopRequested: NIOLockedValueBox<Bool>) async -> Int32? {
        let clock = ContinuousClock()
        var terminatedAt: ContinuousClock.Instant?
        var killedAt: ContinuousClock.Instant?
        while true {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno == ECHILD) { return reaped == pid ? status : nil }
            if stopRequested.withLockedValue({ $0 }) {
                let now = clock.now
                if terminatedAt == nil {
                    kill(pid, SIGTERM)
                    terminatedAt = now
                } else if killedAt == nil, now - terminatedAt! > stopGracePeriod {
                    logger.warning("\(name) did not stop within \(stopGracePeriod) after SIGTERM; sending SIGKILL")
                    kill(pid, SIGKILL)
                    killedAt = now
                } else if let killedAt, now - killedAt > killWait {
                    return nil
                }
            }
            await Self.pause(milliseconds: 100)
        }
    }

    /// Sleeps even when the task is cancelled (a cancelled `Task.sleep` returns at once, which
    /// would turn the stop loop into a busy loop).
    private static func pause(milliseconds: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { continuation.resume() }
        }
    }

    /// Spawns the executable with only standard streams open (both to the log file).
    private func spawn() throws -> pid_t {
        let log = open(logFile.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        let openError = errno
        guard log >= 0 else { throw LauncherError("cannot open \(logFile.path): \(String(cString: strerror(openError)))") }
        defer { close(log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, log, 1)
        posix_spawn_file_actions_adddup2(&actions, log, 2)
        // The liveness pipe's read end as descriptor 3 (dup2 clears close-on-exec; the pipe's
        // own descriptors are above 9, so this is never a dup2 onto itself).
        posix_spawn_file_actions_adddup2(&actions, liveness.readDescriptor, LivenessPipe.childDescriptor)
        // Close everything else the launcher has open (sockets, pipes — the liveness pipe's write
        // end above all —, the mock cluster's fds).
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd > LivenessPipe.childDescriptor && fd != log {
            posix_spawn_file_actions_addclose(&actions, fd)
        }

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            .merging([LivenessPipe.environmentVariable: String(LivenessPipe.childDescriptor)]) { $1 }
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for argument in argv { free(argument) }
            for variable in envp { free(variable) }
        }
        // Its own process group: a terminal's Ctrl-C reaches the launcher only, which then stops
        // the services in order. An empty signal mask and default dispositions: the spawning
        // thread (a Swift task's) blocks signals, and a child must not inherit that.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw LauncherError("cannot start \(executable.path): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// "exited with status N" or "killed by signal N", from a `waitpid` status.
    static func describe(_ status: Int32) -> String {
        let signal = status & 0x7f
        return signal == 0 ? "exited with status \((status >> 8) & 0xff)" : "killed by signal \(signal)"
    }
}
