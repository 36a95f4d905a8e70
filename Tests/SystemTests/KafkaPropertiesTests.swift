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
        try await expectEveryExecutableRefuses(
            environment: ["KAFKA_SECURITY_PROTOCOL": "ssl", "KAFKA_SSL_CA_LOCATION": "/nonexistent/ca.pem"],
            saying: ["ssl.ca.location failed", "KAFKA_SSL_CA_LOCATION"])
    }

    @Test("an unknown sasl.mechanism given as --kafka-property stops each executable with librdkafka's message")
    func unknownMechanism() async throws {
        try await expectEveryExecutableRefuses(
            arguments: ["--kafka-property", "security.protocol=sasl_plaintext", "--kafka-property", "sasl.mechanism=NO-SUCH-MECHANISM"],
            saying: ["Unsupported SASL mechanism: NO-SUCH-MECHANISM", "sasl.mechanism"])
    }

    @Test("a property from KAFKA_CONFIG_FILE is checked too, and the error names the file and line")
    func propertiesFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("client-\(UUID().uuidString.prefix(8)).properties")
        defer { try? FileManager.default.removeItem(at: file) }
        try "# a Java-style client configuration\nsecurity.protocol=SSL\n\nssl.truststore.location=/etc/kafka/truststore.jks\n"
            .write(to: file, atomically: true, encoding: .utf8)
        try await expectEveryExecutableRefuses(
            environment: ["KAFKA_CONFIG_FILE": file.path],
            saying: ["\(file.path):4", "ssl.truststore.location", "librdkafka takes a PEM CA file as ssl.ca.location"])
    }

    @Test("a SASL property on a plaintext connection is refused before anything starts, naming security.protocol")
    func saslWithoutSASLProtocol() async throws {
        try await expectEveryExecutableRefuses(
            environment: ["KAFKA_SASL_MECHANISM": "PLAIN"],
            saying: ["sasl.mechanism is set (from KAFKA_SASL_MECHANISM) but security.protocol=plaintext"])
    }

    /// Starts every executable with these extra arguments and variables; each must end on its own,
    /// non-zero (78, EX_CONFIG, for cartctl and cartstream), with output containing every `saying`.
    private func expectEveryExecutableRefuses(
        arguments extraArguments: [String] = [], environment extraEnvironment: [String: String] = [:], saying texts: [String]
    ) async throws {
        try await withScratch { scratch in
            for (executable, arguments, environment) in Self.invocations(scratch: scratch) {
                let result = try await runToCompletion(
                    executable, arguments + extraArguments, environment: environment.merging(extraEnvironment) { $1 },
                    timeout: .seconds(30))
                #expect(result.status != nil && result.status != 0, "\(executable) exit status \(String(describing: result.status))")
                if ["cartctl", "cartstream"].contains(executable) { #expect(result.status == 78, "\(executable): EX_CONFIG") }
                #expect(texts.allSatisfy { result.output.contains($0) }, "\(executable):\n\(result.output.suffix(1500))")
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
