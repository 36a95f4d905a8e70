import Dispatch
import Foundation
public import Logging
public import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// Ends a service when the process that started it is gone, however it went (SIGKILL included).
///
/// A supervisor such as `cartstream` keeps the write end of a pipe and hands the read end to
/// each child as an inherited file descriptor, named in ``environmentVariable``. Nobody ever
/// writes to it: when the supervisor exits or is killed, the kernel closes its end, the read end
/// becomes readable with end-of-file, and this service returns, which shuts the service group
/// down gracefully (it is registered with `successTerminationBehavior: .gracefullyShutdownGroup`).
/// A pipe, unlike `PR_SET_PDEATHSIG`, does not depend on which of the parent's threads spawned
/// the child, and cannot miss a parent that died before the child started watching.
public struct ParentLivenessWatch: Service {
    /// The environment variable that names the inherited read end (a file descriptor number).
    public static let environmentVariable = "CARTSTREAM_PARENT_LIVENESS_FD"

    /// The inherited read end of the supervisor's pipe.
    public let descriptor: Int32
    let logger: Logger

    /// Creates a watch over an inherited descriptor.
    /// - Parameters:
    ///   - descriptor: the read end of the supervisor's liveness pipe.
    ///   - logger: where "supervisor gone" is logged.
    public init(descriptor: Int32, logger: Logger) {
        self.descriptor = descriptor
        self.logger = logger
    }

    /// The watch over the descriptor the supervisor passed in ``environmentVariable``, or nil
    /// when it passed none (the executable's settings read the variable).
    ///
    /// A value that is not an open descriptor is logged and ignored rather than read as
    /// "parent gone" (a copied environment must not stop a service on start).
    /// - Parameters:
    ///   - descriptorText: the variable's value, nil when unset.
    ///   - logger: the service logger.
    public static func inherited(_ descriptorText: String?, logger: Logger) -> ParentLivenessWatch? {
        guard let text = descriptorText else { return nil }
        guard let descriptor = Int32(text), descriptor > 2, fcntl(descriptor, F_GETFD) >= 0 else {
            logger.warning("\(environmentVariable)=\(text) is not an open file descriptor; not watching the parent process")
            return nil
        }
        return ParentLivenessWatch(descriptor: descriptor, logger: logger)
    }

    /// Returns when the supervisor is gone, or on graceful shutdown or cancellation.
    public func run() async throws {
        let (parentGone, signal) = AsyncStream<Void>.makeStream()
        let descriptor = self.descriptor
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: DispatchQueue(label: "cartstream.parent-liveness"))
        source.setEventHandler {
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = read(descriptor, &buffer, buffer.count)
            if count == 0 || (count < 0 && errno != EINTR && errno != EAGAIN) {
                signal.yield()
                signal.finish()
            }
        }
        source.resume()
        defer { source.cancel() }
        let gone = await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                for await _ in parentGone { return true }
                return false
            } onCancel: {
                signal.finish()
            }
        } onGracefulShutdown: {
            signal.finish()
        }
        if gone {
            logger.notice("the process that started this service is gone; shutting down")
        }
    }
}
