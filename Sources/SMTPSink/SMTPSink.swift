public import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A local SMTP server that accepts every message and keeps it: the e-mail sink of the
/// one-command local system (the real SMTP client of the email service talks to it).
///
/// It speaks enough SMTP for any client: EHLO/HELO, MAIL FROM, RCPT TO, DATA (with
/// dot-unstuffing), RSET, NOOP, QUIT. Messages are kept in memory and, when a folder is
/// given, written there as `.eml` files.
public final class SMTPSink: Service, Sendable {
    /// One received message.
    public struct Message: Sendable {
        /// The envelope sender.
        public var from: String
        /// The envelope recipients.
        public var recipients: [String]
        /// The raw message (headers and body), CRLF line endings.
        public var data: String

        /// The value of a header, if present.
        public func header(_ name: String) -> String? {
            for line in data.components(separatedBy: "\r\n") {
                if line.isEmpty { break }
                if line.lowercased().hasPrefix(name.lowercased() + ":") {
                    return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
    }

    /// The port it listens on (127.0.0.1).
    public let port: Int
    private let folder: URL?
    private let listener: Int32
    private let received = Mutex<[Message]>([])
    private let logger: Logger

    /// Binds 127.0.0.1:`port` (0 picks a free port).
    /// - Parameters:
    ///   - port: the TCP port.
    ///   - folder: where to write `.eml` files, if anywhere.
    ///   - logger: logger.
    public init(port: Int = 0, folder: URL? = nil, logger: Logger = Logger(label: "smtp-sink")) throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw SMTPSinkError("socket() failed: errno \(errno)") }
        var reuse: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socket, 16) == 0 else {
            close(socket)
            throw SMTPSinkError("cannot listen on 127.0.0.1:\(port): errno \(errno) (port in use?)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = socket
        self.folder = folder
        self.logger = logger
        if let folder { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        let thread = Thread { [self] in self.acceptLoop() }
        thread.name = "smtp-sink"
        thread.start()
    }

    /// Every message received so far.
    public var messages: [Message] { received.withLock { $0 } }

    /// Runs until graceful shutdown, then stops listening.
    public func run() async throws {
        try? await gracefulShutdown()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }  // closed
            let thread = Thread { [self] in self.serve(client) }
            thread.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var reader = LineReader(socket: client)
        func reply(_ line: String) { _ = line.appending("\r\n").withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
        reply("220 cartstream-smtp-sink ESMTP ready")
        var from = ""
        var recipients: [String] = []
        while let line = reader.readLine() {
            let command = line.prefix(4).uppercased()
            switch command {
            case "EHLO": reply("250-cartstream-smtp-sink\r\n250-8BITMIME\r\n250 SMTPUTF8")
            case "HELO": reply("250 cartstream-smtp-sink")
            case "MAIL":
                from = Self.address(in: line)
                recipients = []
                reply("250 OK")
            case "RCPT":
                recipients.append(Self.address(in: line))
                reply("250 OK")
            case "DATA":
                guard !recipients.isEmpty else {
                    reply("503 RCPT first")
                    continue
                }
                reply("354 End data with <CR><LF>.<CR><LF>")
                var lines: [String] = []
                while let dataLine = reader.readLine(), dataLine != "." {
                    lines.append(dataLine.hasPrefix("..") ? String(dataLine.dropFirst()) : dataLine)
                }
                let message = Message(from: from, recipients: recipients, data: lines.joined(separator: "\r\n"))
                let count = received.withLock {
                    $0.append(message)
                    return $0.count
                }
                if let folder {
                    try? Data(message.data.utf8).write(to: folder.appendingPathComponent(String(format: "%06d.eml", count)))
                }
                logger.info("mail received", metadata: ["mail.to": "\(recipients)", "mail.subject": "\(message.header("Subject") ?? "")"])
                reply("250 OK: queued as \(count)")
            case "RSET":
                from = ""
                recipients = []
                reply("250 OK")
            case "NOOP": reply("250 OK")
            case "QUIT":
                reply("221 Bye")
                return
            default: reply("502 Command not implemented")
            }
        }
    }

    private static func address(in line: String) -> String {
        guard let open = line.firstIndex(of: "<"), let close = line.firstIndex(of: ">"), open < close else {
            return String(line.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces)
        }
        return String(line[line.index(after: open)..<close])
    }
}

/// Reads CRLF- (or LF-) terminated lines from a socket.
struct LineReader {
    let socket: Int32
    private var buffer: [UInt8] = []

    init(socket: Int32) { self.socket = socket }

    mutating func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var line = Array(buffer[..<newline])
                buffer.removeFirst(newline + 1)
                if line.last == 0x0D { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = recv(socket, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer += chunk[0..<count]
        }
    }
}

/// A sink that cannot start.
public struct SMTPSinkError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
