import Kafka

/// The one source of every CartStream executable's version: `--version` and the
/// `cartstream_build_info` metric both read it.
///
/// Bump ``number`` with each release; the librdkafka and Swift versions are those this
/// binary was built with and runs against.
public enum CartStreamVersion {
    /// CartStream's own version (semantic versioning).
    public static let number = "0.11.0"

    /// The librdkafka version loaded at run time, e.g. `2.0.2` (``KafkaLibrary/version``).
    public static var librdkafka: String { KafkaLibrary.version }

    /// The Swift compiler version the binary was built with, as major.minor (e.g. `6.3`).
    public static var swift: String {
        #if compiler(>=7.0)
            return "7.0+"
        #elseif compiler(>=6.4)
            return "6.4"
        #elseif compiler(>=6.3)
            return "6.3"
        #elseif compiler(>=6.2)
            return "6.2"
        #else
            return "6.1"
        #endif
    }

    /// What the librdkafka loaded at run time was built with (``KafkaLibrary/builtinFeatures``), e.g.
    /// `gzip,snappy,ssl,sasl,regex,lz4,sasl_gssapi,sasl_plain,sasl_scram,plugins,zstd,sasl_oauthbearer`.
    public static var librdkafkaFeatures: String { KafkaLibrary.builtinFeatures.joined(separator: ",") }

    /// The `--version` text of `executable`: `cart-service 0.11.0 (librdkafka 2.0.2, Swift 6.3)`, then
    /// a line `librdkafka features: …` (which security mechanisms and codecs this build can use).
    /// - Parameter executable: the executable's name.
    public static func text(for executable: String) -> String {
        "\(executable) \(number) (librdkafka \(librdkafka), Swift \(swift))\nlibrdkafka features: \(librdkafkaFeatures)"
    }
}
