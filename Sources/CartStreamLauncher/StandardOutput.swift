#if canImport(Glibc)
    import Glibc
#endif

/// Writes a line to standard output at once (unbuffered even when the output is a pipe,
/// so a supervising process or test sees each line as it happens).
///
/// A closed standard output (the `tee` after `| tee` exited first) is not an error: the line is
/// dropped and the launcher goes on, so it can still stop its services in order. SIGPIPE is
/// ignored by the launcher (``CartStreamCommand``); `write` then fails with EPIPE, which is ignored
/// here (Foundation's `FileHandle.write` would trap on it).
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        if written > 0 {
            offset += written
        } else if written < 0 && errno == EINTR {
            continue
        } else {
            return
        }
    }
}
