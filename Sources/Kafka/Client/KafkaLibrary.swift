import CRdKafka

/// The librdkafka this process runs against.
public enum KafkaLibrary {
    /// Its version, e.g. `2.0.2`.
    public static var version: String { String(cString: rd_kafka_version_str()) }

    /// What it was built with (`builtin.features`), e.g. `gzip`, `ssl`, `sasl_scram`, `sasl_oauthbearer`.
    /// A security setting needs its feature: TLS `ssl`, SCRAM `sasl_scram`, OAUTHBEARER `sasl_oauthbearer`.
    /// OIDC token retrieval (`sasl.oauthbearer.method=oidc`) also needs libcurl, which this list does not show.
    public static var builtinFeatures: [String] {
        guard let conf = rd_kafka_conf_new() else { return [] }
        defer { rd_kafka_conf_destroy(conf) }
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        guard rd_kafka_conf_get(conf, "builtin.features", &buffer, &size) == RD_KAFKA_CONF_OK else { return [] }
        return String(nulTerminated: buffer).split(separator: ",").map(String.init)
    }

    /// Whether `sasl.oauthbearer.method=oidc` is available (librdkafka built with libcurl).
    public static var supportsOIDC: Bool {
        guard let conf = rd_kafka_conf_new() else { return false }
        defer { rd_kafka_conf_destroy(conf) }
        var buffer = [CChar](repeating: 0, count: 512)
        return rd_kafka_conf_set(conf, "sasl.oauthbearer.method", "oidc", &buffer, buffer.count) == RD_KAFKA_CONF_OK
    }
}
