import CRdKafka
import Logging
import Synchronization

/// Owns one librdkafka handle (`rd_kafka_t`) and the context its callbacks use.
///
/// Internal: public types never see C pointers. The handle is destroyed when the
/// client is released; the context lives exactly as long.
final class RDKafkaClient: @unchecked Sendable {
    /// The `rd_kafka_t *` handle.
    let handle: OpaquePointer
    /// State shared with librdkafka's callbacks.
    let context: RDKafkaClientContext

    enum ClientType { case producer, consumer }

    private init(handle: OpaquePointer, context: RDKafkaClientContext) {
        self.handle = handle
        self.context = context
    }

    /// Creates a handle from properties, rejecting invalid ones with the property name and librdkafka's reason.
    /// - Parameters:
    ///   - type: producer or consumer.
    ///   - properties: librdkafka properties, applied in order.
    ///   - origins: where properties came from, for error messages.
    ///   - context: callbacks' shared state.
    ///   - configure: extra C-level configuration (callbacks) before the handle is created.
    static func make(
        type: ClientType,
        properties: [(String, String)],
        origins: [String: String] = [:],
        context: RDKafkaClientContext,
        configure: (OpaquePointer) -> Void = { _ in }
    ) throws(KafkaError) -> RDKafkaClient {
        try KafkaSecurityCheck.check(properties, origins: origins)
        func origin(_ name: String) -> String { origins[name].map { " (from \($0))" } ?? "" }
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(kind: .invalidArgument, message: "rd_kafka_conf_new failed")
        }
        var errorBuffer = [CChar](repeating: 0, count: 512)
        for (name, value) in properties {
            let result = rd_kafka_conf_set(conf, name, value, &errorBuffer, errorBuffer.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                let reason = String(nulTerminated: errorBuffer)
                throw KafkaError(
                    code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue,
                    kind: .invalidConfiguration(property: name),
                    message: "invalid configuration \(name)=\(shown(value, of: name))\(origin(name)): \(reason)")
            }
        }
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(context).toOpaque())
        rd_kafka_conf_set_log_cb(conf, rdKafkaLogCallback)
        rd_kafka_conf_set_error_cb(conf, rdKafkaErrorCallback)
        rd_kafka_conf_set_stats_cb(conf, rdKafkaStatisticsCallback)
        configure(conf)
        let kind = type == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        // rd_kafka_new takes ownership of conf on success only.
        guard let handle = rd_kafka_new(kind, conf, &errorBuffer, errorBuffer.count) else {
            rd_kafka_conf_destroy(conf)
            let reason = String(nulTerminated: errorBuffer)
            let property = RDKafkaClient.propertyNamed(in: reason)
            throw KafkaError(
                code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue,
                kind: .invalidConfiguration(property: property ?? "(configuration)"),
                message: "cannot create Kafka client: \(reason)\(property.map(origin) ?? "")")
        }
        return RDKafkaClient(handle: handle, context: context)
    }

    deinit {
        rd_kafka_destroy(handle)
    }

    /// A value as errors show it: secrets redacted.
    private static func shown(_ value: String, of property: String) -> String {
        KafkaSecret.isSecret(property: property) ? KafkaSecret.redacted : value
    }

    /// Checks one property against librdkafka without creating a client: an unknown name or a
    /// refused value is an error naming the property, where it came from and librdkafka's reason.
    static func checkProperty(name: String, value: String, origin: String) throws(KafkaError) {
        guard let conf = rd_kafka_conf_new() else { return }
        defer { rd_kafka_conf_destroy(conf) }
        var errorBuffer = [CChar](repeating: 0, count: 512)
        guard rd_kafka_conf_set(conf, name, value, &errorBuffer, errorBuffer.count) != RD_KAFKA_CONF_OK else { return }
        var reason = String(nulTerminated: errorBuffer)
        if let hint = javaClientHints.first(where: { name.hasPrefix($0.key) })?.value { reason += " (\(hint))" }
        throw KafkaError(
            code: RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue, kind: .invalidConfiguration(property: name),
            message: "\(origin): \(name)=\(shown(value, of: name)): \(reason)")
    }

    /// Java client properties people copy into librdkafka configurations, and what librdkafka uses instead.
    static let javaClientHints: [String: String] = [
        "sasl.jaas.config": "a Java client property: librdkafka takes sasl.username and sasl.password",
        "ssl.truststore.": "a Java client property: librdkafka takes a PEM CA file as ssl.ca.location",
        "ssl.keystore.type": "a Java client property: librdkafka takes PEM files as ssl.certificate.location and ssl.key.location",
        "sasl.login.callback.handler.class": "a Java client property: librdkafka takes sasl.oauthbearer.method=oidc",
    ]

    /// Finds a property name librdkafka mentions in an error text (`"foo.bar" ...`), if any.
    static func propertyNamed(in reason: String) -> String? {
        // Messages that describe a property without spelling its name.
        for (phrase, property) in [("SASL mechanism", "sasl.mechanism"), ("security.protocol", "security.protocol")]
        where reason.contains(phrase) {
            return property
        }
        let candidates = reason.split(whereSeparator: { $0 == " " || $0 == "`" || $0 == "\"" || $0 == ":" || $0 == "," })
        return candidates.first(where: { $0.contains(".") && $0.first!.isLetter && !$0.hasSuffix(".") }).map(String.init)
    }

    /// The fatal error raised on this handle, if any.
    func fatalError() -> KafkaError? {
        var buffer = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(handle, &buffer, buffer.count)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        return KafkaError(code: code.rawValue, kind: .broker, message: String(nulTerminated: buffer), isFatal: true)
    }

    /// The broker-side metadata answer, or a clear error naming the bootstrap servers.
    func metadata(topic: String?, timeout: Duration, bootstrapServers: String) throws(KafkaError) -> RDKafkaMetadata {
        var pointer: UnsafePointer<rd_kafka_metadata>?
        var topicHandle: OpaquePointer?
        if let topic { topicHandle = rd_kafka_topic_new(handle, topic, nil) }
        defer { if let topicHandle { rd_kafka_topic_destroy(topicHandle) } }
        let err = rd_kafka_metadata(handle, topic == nil ? 1 : 0, topicHandle, &pointer, timeout.timeoutMilliseconds)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let pointer else {
            if err == RD_KAFKA_RESP_ERR__TRANSPORT || err == RD_KAFKA_RESP_ERR__TIMED_OUT
                || err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN
            {
                throw KafkaError(
                    code: err.rawValue, kind: .unreachable(bootstrapServers: bootstrapServers),
                    message: "no Kafka broker answered within \(timeout) at \(bootstrapServers)", isRetriable: true)
            }
            throw KafkaError.from(err, context: "metadata request failed")
        }
        return RDKafkaMetadata(pointer)
    }
}

/// Shared, thread-safe state reachable from librdkafka's callbacks through the handle's opaque pointer.
final class RDKafkaClientContext: Sendable {
    let logger: Logger
    let statistics: KafkaStatisticsReporter?
    /// Producer-side bookkeeping (delivery counts, backpressure waiters); `nil` for consumers.
    let deliveries: DeliveryLedger?
    /// Moves on every rebalance, so a poll can tell that its batch spans one.
    let rebalanceGeneration = Atomic<Int>(0)
    /// Consumer-side rebalance handling; set once by the consumer before it subscribes.
    let rebalance: Mutex<(@Sendable (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> Void)?> =
        Mutex(nil)
    /// The most recent client-level error librdkafka reported through its error callback, other
    /// than the `_ALL_BROKERS_DOWN` summary (which carries no reason of its own).
    let lastClientError: Mutex<KafkaError?> = Mutex(nil)
    /// An authentication or TLS failure librdkafka reported, not yet thrown by a consumer's poll:
    /// nothing is delivered while it lasts, so a consumer must not wait in silence.
    let authenticationFailure: Mutex<KafkaError?> = Mutex(nil)

    init(logger: Logger, statistics: KafkaStatisticsReporter?, deliveries: DeliveryLedger? = nil) {
        self.logger = logger
        self.statistics = statistics
        self.deliveries = deliveries
    }

    static func from(_ handle: OpaquePointer?) -> RDKafkaClientContext? {
        guard let handle, let opaque = rd_kafka_opaque(handle) else { return nil }
        return Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }

    static func from(opaque: UnsafeMutableRawPointer?) -> RDKafkaClientContext? {
        guard let opaque else { return nil }
        return Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}

/// librdkafka log lines → swift-log, with syslog levels mapped.
private let rdKafkaLogCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
    handle, level, facility, message in
    guard let context = RDKafkaClientContext.from(handle) else { return }
    let logLevel: Logger.Level =
        switch level {
        case 0...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    let text = message.map { String(cString: $0) } ?? ""
    let facilityText = facility.map { String(cString: $0) } ?? ""
    context.logger.log(level: logLevel, "\(text)", metadata: ["kafka.facility": "\(facilityText)"])
}

/// Client-level errors (broker down, fatal idempotence errors) → logs and the error counter.
private let rdKafkaErrorCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
    handle, code, reason, opaque in
    guard let context = RDKafkaClientContext.from(opaque: opaque) else { return }
    let error = KafkaError.from(rd_kafka_resp_err_t(code), context: reason.map { String(cString: $0) })
    let isFatal = code == RD_KAFKA_RESP_ERR__FATAL.rawValue
    context.logger.log(
        level: isFatal ? .critical : .warning, "librdkafka error: \(error)",
        metadata: ["kafka.error": "\(error.codeName)"])
    context.statistics?.recordError(code: error.codeName)
    if code != RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN.rawValue { context.lastClientError.withLock { $0 = error } }
    if KafkaError.isLastingAuthenticationFailure(code: rd_kafka_resp_err_t(code), message: error.message) {
        context.authenticationFailure.withLock { $0 = error }
    }
}

/// Statistics JSON → swift-metrics gauges.
private let rdKafkaStatisticsCallback:
    @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?) -> Int32 = {
        _, json, length, opaque in
        guard let json, let context = RDKafkaClientContext.from(opaque: opaque), let reporter = context.statistics else { return 0 }
        let bytes = UnsafeRawBufferPointer(start: json, count: length)
        reporter.report(json: Array(bytes))
        return 0  // librdkafka frees the JSON
    }

extension String {
    /// The text of a C character buffer filled by librdkafka, up to its NUL.
    init(nulTerminated buffer: [CChar]) {
        self = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension KafkaError {
    /// Authentication failures that do not go away by reconnecting: SASL refused (wrong credentials,
    /// mechanism not enabled) and a broker certificate that does not verify (wrong CA, wrong host
    /// name). Other TLS errors (a connection reset during the handshake while a broker restarts)
    /// are retried by librdkafka like any transport error and only logged.
    static func isLastingAuthenticationFailure(code: rd_kafka_resp_err_t, message: String) -> Bool {
        switch code {
        case RD_KAFKA_RESP_ERR__AUTHENTICATION, RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED: true
        case RD_KAFKA_RESP_ERR__SSL: message.contains("certificate verify failed")
        default: false
        }
    }
}
