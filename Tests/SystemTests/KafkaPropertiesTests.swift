import Foundation
import Testing

/// Every executable hands the librdkafka properties it is given — `KAFKA_*` variables,
/// `--kafka-property` flags, a `KAFKA_CONFIG_FILE` — to librdkafka, and fails fast, non-zero, with
/// librdkafka's own message naming the property and where it was set. The failing properties are
/// ones only librdkafka can judge (a CA file that does not load, a SASL mechanism it does not
/// have), so the message proves the property got there. No broker is needed: librdkafka refuses
/// them when the client is created.
@Suite("Kafka properties reach librdkafka in every executable")
struct KafkaPropertiesTests {
    /// Each executable with the arguments that make it create a Kafka client.
    static func invocations(scratch: URL) -> [(executable: String, arguments: [String], environment: [String: String])] {
        let common = ["HTTP_HOST": "127.0.0.1", "HTTP_PORT": "0", "LOG_LEVEL": "error"]
        return [
            ("cart-service", [], common),
            ("fraud-service", [], common.merging(["DATABASE_PATH": scratch.appendingPathComponent("fraud.sqlite").path]) { $1 }),
            ("billing-service", [], common.merging(["DATABASE_PATH": scratch.appendingPathComponent("billing.sqlite").path]) { $1 }),
            ("email-service", [], common.merging(["DATABASE_PATH": scratch.appendingPathComponent("email.sqlite").path]) { $1 }),
            ("cartctl", ["topics", "describe"], [:]),
            ("cartstream", ["--data-dir", scratch.appendingPathComponent("local").path, "--base-port", "18980"], [:]),
            ("kafka-bench", ["produce", "--topic", "bench", "-n", "1"], [:]),
        ]
    }

    @Test("a CA file that does not load (KAFKA_SSL_CA_LOCATION) stops each executable with librdkafka's ssl.ca.location message")
    func badCertificateAuthority() async throws {
        try await withScratch { scratch in
            for (executable, arguments, environment) in Self.invocations(scratch: scratch) {
                let result = try await runToCompletion(
                    executable, arguments,
                    environment: environment.merging(["KAFKA_SECURITY_PROTOCOL": "ssl", "KAFKA_SSL_CA_LOCATION": "/nonexistent/ca.pem"]) {
                        $1
                    }, timeout: .seconds(30))
                #expect(result.status != nil && result.status != 0, "\(executable) exit status \(String(describing: result.status))")
                if ["cartctl", "cartstream"].contains(executable) { #expect(result.status == 78, "\(executable): EX_CONFIG") }
                #expect(
                    result.output.contains("ssl.ca.location failed") && result.output.contains("KAFKA_SSL_CA_LOCATION"),
                    "\(executable):\n\(result.output.suffix(1500))")
            }
        }
    }

    @Test("an unknown sasl.mechanism given as --kafka-property stops each executable with librdkafka's message")
    func unknownMechanism() async throws {
        try await withScratch { scratch in
            for (executable, arguments, environment) in Self.invocations(scratch: scratch) {
                let result = try await runToCompletion(
                    executable,
                    arguments + [
                        "--kafka-property", "security.protocol=sasl_plaintext", "--kafka-property", "sasl.mechanism=NO-SUCH-MECHANISM",
                    ],
                    environment: environment, timeout: .seconds(30))
                #expect(result.status != nil && result.status != 0, "\(executable) exit status \(String(describing: result.status))")
                if ["cartctl", "cartstream"].contains(executable) { #expect(result.status == 78, "\(executable): EX_CONFIG") }
                #expect(
                    result.output.contains("Unsupported SASL mechanism: NO-SUCH-MECHANISM") && result.output.contains("sasl.mechanism"),
                    "\(executable):\n\(result.output.suffix(1500))")
            }
        }
    }

    @Test("a property from KAFKA_CONFIG_FILE is checked too, and the error names the file and line")
    func propertiesFile() async throws {
        try await withScratch { scratch in
            let file = scratch.appendingPathComponent("client.properties")
            try "# a Java-style client configuration\nsecurity.protocol=SSL\n\nssl.truststore.location=/etc/kafka/truststore.jks\n"
                .write(to: file, atomically: true, encoding: .utf8)
            for (executable, arguments, environment) in Self.invocations(scratch: scratch) {
                let result = try await runToCompletion(
                    executable, arguments, environment: environment.merging(["KAFKA_CONFIG_FILE": file.path]) { $1 }, timeout: .seconds(30))
                #expect(result.status != nil && result.status != 0, "\(executable) exit status \(String(describing: result.status))")
                #expect(
                    result.output.contains("\(file.path):4") && result.output.contains("ssl.truststore.location")
                        && result.output.contains("librdkafka takes a PEM CA file as ssl.ca.location"),
                    "\(executable):\n\(result.output.suffix(1500))")
            }
        }
    }

    @Test("a SASL property on a plaintext connection is refused before anything starts, naming security.protocol")
    func saslWithoutSASLProtocol() async throws {
        try await withScratch { scratch in
            for (executable, arguments, environment) in Self.invocations(scratch: scratch) {
                let result = try await runToCompletion(
                    executable, arguments, environment: environment.merging(["KAFKA_SASL_MECHANISM": "PLAIN"]) { $1 }, timeout: .seconds(30)
                )
                #expect(result.status != nil && result.status != 0)
                #expect(
                    result.output.contains("sasl.mechanism is set (from KAFKA_SASL_MECHANISM) but security.protocol=plaintext"),
                    "\(executable):\n\(result.output.suffix(1500))")
            }
        }
    }

    private func withScratch(_ body: (URL) async throws -> Void) async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kafka-properties-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try await body(scratch)
    }
}
