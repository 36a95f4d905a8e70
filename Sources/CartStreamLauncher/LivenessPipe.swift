import ServiceRuntime

#if canImport(Glibc)
    import Glibc
#endif

/// A pipe nobody writes to, whose read end every service the launcher starts inherits.
///
/// Only the launcher holds the write end (close-on-exec, and closed explicitly in every spawn):
/// when the launcher exits or is killed, the kernel closes it, each child reads end-of-file and
/// stops itself (`ParentLivenessWatch` in ServiceRuntime). So services never outlive the launcher,
/// whatever ends it.
struct LivenessPipe: Sendable {
    /// The descriptor number the read end has in each child.
    static let childDescriptor: Int32 = 3
    /// The variable that tells the child which descriptor to watch.
    static let environmentVariable = ParentLivenessWatch.environmentVariable

    /// The read end, in the launcher (handed to children).
    let readDescriptor: Int32
    /// The write end, held by the launcher until it exits.
    let writeDescriptor: Int32

    /// Opens the pipe with both ends close-on-exec and above descriptor 9 (so that the spawn's
    /// `dup2` onto descriptor 3 always copies, clearing close-on-exec on the child's copy only).
    init() throws {
        var ends: [Int32] = [0, 0]
        // pipe(2), then close-on-exec copies: Glibc's module does not export pipe2. The launcher's
        // own spawns close every descriptor above 3 explicitly, so the short window is harmless.
        guard pipe(&ends) == 0 else {
            throw LauncherError("cannot create the liveness pipe: \(String(cString: strerror(errno)))")
        }
        let read = fcntl(ends[0], F_DUPFD_CLOEXEC, 10)
        let write = fcntl(ends[1], F_DUPFD_CLOEXEC, 10)
        close(ends[0])
        close(ends[1])
        guard read >= 0, write >= 0 else {
            throw LauncherError("cannot move the liveness pipe: \(String(cString: strerror(errno)))")
        }
        readDescriptor = read
        writeDescriptor = write
    }
}
