import Dispatch
public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where and how to deliver mail.
public struct SMTPConfiguration: Sendable {
    /// `SMTP_HOST` (default `127.0.0.1`).
    public var host: String
    /// `SMTP_PORT` (default 25).
    public var port: Int
    /// The name sent with EHLO.
    public var heloName: String
    /// The envelope and header sender (`SMTP_FROM`).
    public var from: String
    /// Socket read/write timeout.
    public var timeout: Duration

    /// Creates a configuration.
    /// - Parameters:
    ///   - host: server host (IPv4 address or name).
    ///   - port: server port.
    ///   - from: sender address.
    public init(host: String = "127.0.0.1", port: Int = 25, from: String = "shop@cartstream.example") {
        self.host = host
        self.port = port
        self.heloName = "cartstream.email"
        self.from = from
        self.timeout = .seconds(10)
    }
}

/// One e-mail to send.
public struct SMTPMessage: Sendable {
    /// The recipient.
    public var to: String
    /// The subject (non-ASCII is RFC 2047-encoded).
    public var subject: String
    /// The HTML body.
    public var htmlBody: String
    /// The Message-ID header, `<...>`.
    public var messageID: String
    /// The Date header.
    public var date: Date

    /// Creates a message.
    public init(to: String, subject: String, htmlBody: String, messageID: String, date: Date) {
        self.to = to
        self.subject = subject
        self.htmlBody = htmlBody
        self.messageID = messageID
        self.date = date
    }
}

/// Why a delivery failed, and whether the server may have accepted the message anyway.
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    /// What failed.
    public var message: String
    /// True when the final `.` of DATA was sent but no positive reply was read: the server
    /// may have queued the message. Such a delivery must not be retried blindly.
    public var outcomeUnknown: Bool
    /// True when the message itself is refused (a header that would inject lines): sending it again
    /// can never succeed, so it is not retried.
    public var isPermanent: Bool = false

    public var description: String { message + (outcomeUnknown ? " (outcome unknown)" : "") }
}

extension SMTPMessage {
    /// Why this message must not be sent, if it must not: a recipient or subject that would add
    /// lines to the SMTP dialogue or the headers (CR, LF or another control character — header
    /// injection from a foreign record), or a recipient that is not one plain address.
    public var headerProblem: String? {
        func hasControlCharacters(_ text: String) -> Bool { text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }
        if hasControlCharacters(to) { return "the recipient contains control characters (CR/LF header injection)" }
        if hasControlCharacters(subject) { return "the subject contains control characters (CR/LF header injection)" }
        if to.contains(where: { $0 == "<" || $0 == ">" || $0 == "," || $0 == " " }) || to.split(separator: "@").count != 2 {
            return "the recipient is not one plain address"
        }
        return nil
    }
}

/// A minimal SMTP client over a TCP socket: EHLO, MAIL FROM, RCPT TO, DATA (CRLF line
/// endings, dot-stuffing), QUIT, checking every reply code. Blocking I/O runs on its own
/// Dispatch queue, never on Swift's cooperative pool.
public struct SMTPClient: Sendable {
    /// The settings.
    public let configuration: SMTPConfiguration
    private let queue = DispatchQueue(label: "cartstream.smtp")

    /// Creates a client.
    /// - Parameter configuration: server and sender.
    public init(configuration: SMTPConfiguration) { self.configuration = configuration }

    /// Delivers one message in its own connection.
    public func send(_ message: SMTPMessage) async throws(SMTPError) {
        if let problem = message.headerProblem {
            throw SMTPError(
                message: "refused to send to \(message.to.debugDescription): \(problem)", outcomeUnknown: false, isPermanent: true)
        }
        let configuration = self.configuration
        let result: Result<Void, SMTPError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(SMTPError) {
                    try Self.deliver(message, configuration: configuration)
                    continuation.resume(returning: .success(()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        try result.get()
    }

    private static func deliver(_ message: SMTPMessage, configuration: SMTPConfiguration) throws(SMTPError) {
        let connection = try SMTPConnection(host: configuration.host, port: configuration.port, timeout: configuration.timeout)
        defer { connection.close() }
        try connection.expect(220, after: nil)
        try connection.command("EHLO \(configuration.heloName)", expect: 250)
        try connection.command("MAIL FROM:<\(configuration.from)>", expect: 250)
        try connection.command("RCPT TO:<\(message.to)>", expect: 250, 251)
        try connection.command("DATA", expect: 354)
        try connection.write(dataSection(message, from: configuration.from))
        do {
            try connection.expect(250, after: "end of DATA")
        } catch {
            throw SMTPError(message: error.message, outcomeUnknown: true)
        }
        try? connection.command("QUIT", expect: 221)
    }

    /// Headers and body with CRLF line endings, dot-stuffed, ending in `CRLF.CRLF`.
    public static func dataSection(_ message: SMTPMessage, from: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let headers = [
            "From: <\(from)>", "To: <\(message.to)>", "Subject: \(encodedHeader(message.subject))",
            "Date: \(formatter.string(from: message.date))", "Message-ID: \(message.messageID)",
            "MIME-Version: 1.0", "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: 8bit",
        ]
        let body = message.htmlBody.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        let lines = headers + [""] + body.map { $0.hasPrefix(".") ? "." + $0 : String($0) }
        return lines.joined(separator: "\r\n") + "\r\n.\r\n"
    }

    /// RFC 2047 `=?UTF-8?B?...?=` for non-ASCII header text.
    static func encodedHeader(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        return "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }
}

/// One blocking TCP connection speaking SMTP's line protocol.
final class SMTPConnection {
    private let socket: Int32
    private var buffer: [UInt8] = []

    init(host: String, port: Int, timeout: Duration) throws(SMTPError) {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else {
            throw SMTPError(message: "cannot resolve \(host)", outcomeUnknown: false)
        }
        defer { freeaddrinfo(result) }
        socket = Glibc.socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard socket >= 0 else { throw SMTPError(message: "socket: \(String(cString: strerror(errno)))", outcomeUnknown: false) }
        var interval = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        guard connect(socket, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(socket)
            throw SMTPError(message: "connect to \(host):\(port): \(reason)", outcomeUnknown: false)
        }
    }

    func close() { Glibc.close(socket) }

    func command(_ line: String, expect codes: Int...) throws(SMTPError) {
        try write(line + "\r\n")
        try expect(codes, after: line)
    }

    func expect(_ code: Int, after command: String?) throws(SMTPError) { try expect([code], after: command) }

    /// Reads a (possibly multi-line) reply and checks its code.
    func expect(_ codes: [Int], after command: String?) throws(SMTPError) {
        var lines: [String] = []
        while true {
            let line = try readLine()
            lines.append(line)
            let bytes = Array(line.utf8)
            if bytes.count < 4 || bytes[3] != UInt8(ascii: "-") { break }
        }
        let last = lines.last ?? ""
        guard let code = Int(last.prefix(3)), codes.contains(code) else {
            throw SMTPError(
                message: "unexpected reply to \(command ?? "greeting"): \(lines.joined(separator: " | "))", outcomeUnknown: false)
        }
    }

    func write(_ text: String) throws(SMTPError) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let sent = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw SMTPError(message: "send: \(String(cString: strerror(errno)))", outcomeUnknown: false) }
            bytes = bytes.dropFirst(sent)
        }
    }

    private func readLine() throws(SMTPError) -> String {
        while true {
            if let index = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<index])
                buffer.removeFirst(index + 1)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 1024)
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else {
                throw SMTPError(
                    message: count == 0 ? "connection closed by server" : "recv: \(String(cString: strerror(errno)))", outcomeUnknown: false
                )
            }
            buffer += chunk[..<count]
        }
    }
}
