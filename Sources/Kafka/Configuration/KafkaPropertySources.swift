import class Foundation.FileManager

/// Any librdkafka property, given the way Kafka users already configure clients: flags,
/// `KAFKA_*` environment variables (and `*_FILE` variants for mounted secrets) and a properties file.
///
/// Precedence, highest first: flag (`--kafka-property NAME=VALUE`, then `--bootstrap-servers`), the
/// environment, the properties file, the executable's defaults. docs/configuration.md describes
/// the rule and its exceptions; ``resolve(reserved:)`` returns each property with where it came from,
/// so errors can say which variable, flag or file line to fix.
public struct KafkaPropertySources: Sendable {
    /// `--kafka-property` values, `NAME=VALUE`, in the order given (a later one wins).
    public var propertyFlags: [String]
    /// `--bootstrap-servers`, if given: wins over every other source of `bootstrap.servers`.
    public var bootstrapServersFlag: String?
    /// A Java-style properties file (`--kafka-config-file`, else `KAFKA_CONFIG_FILE`).
    public var configFile: String?
    /// The process environment; `KAFKA_*` variables become properties.
    public var environment: [String: String]
    /// Reads a file's text (the properties file, `*_FILE` secrets); replaceable in tests.
    public var readFile: @Sendable (String) throws -> String

    /// Creates the sources.
    /// - Parameters:
    ///   - propertyFlags: `NAME=VALUE` strings from `--kafka-property`.
    ///   - bootstrapServersFlag: `--bootstrap-servers`, if given.
    ///   - configFile: the properties file's path, if any.
    ///   - environment: the environment variables.
    ///   - readFile: how to read a file; the file system by default.
    public init(
        propertyFlags: [String] = [], bootstrapServersFlag: String? = nil, configFile: String? = nil,
        environment: [String: String] = [:],
        readFile: @escaping @Sendable (String) throws -> String = KafkaPropertySources.readFromDisk
    ) {
        self.propertyFlags = propertyFlags
        self.bootstrapServersFlag = bootstrapServersFlag
        self.configFile = configFile
        self.environment = environment
        self.readFile = readFile
    }

    /// One property and where its value came from.
    public struct Property: Sendable, Equatable {
        /// The librdkafka property name.
        public var name: String
        /// Its value.
        public var value: String
        /// Where it was set, e.g. `KAFKA_SASL_MECHANISM`, `--kafka-property`, `/etc/kafka/client.properties:3`.
        public var origin: String
    }

    /// Properties CartStream's services set themselves because their guarantees rest on them, with
    /// what to do instead; ``resolve(reserved:)`` refuses them from every source.
    public static let deliveryGuarantees: [String: String] = [
        "enable.idempotence": "producers are idempotent so retries never duplicate or reorder events",
        "acks": "an event counts as written only once every in-sync replica has it (acks=all)",
        "transactional.id": "cart-service derives one per partition from CART_SERVICE_GROUP and the topic",
        "enable.auto.commit": "read models store their positions with their tables, not in the group",
        "enable.auto.offset.store": "read models store their positions with their tables, not in the group",
        "isolation.level": "read_committed keeps events of aborted transactions invisible",
        "group.id": "set CONSUMER_GROUP (read models) or CART_SERVICE_GROUP (cart-service)",
    ]

    /// The prefix of property variables.
    public static let environmentPrefix = "KAFKA_"

    /// `KAFKA_*` variables that are not librdkafka properties: read by CartStream or its scripts
    /// for something else, or set by Java's Kafka tools and their installations (`KAFKA_HOME`).
    public static let nonPropertyVariables: Set<String> = [
        "KAFKA_CONFIG_FILE", "KAFKA_BOOTSTRAP_FILE", "KAFKA_BOOTSTRAP_TIMEOUT",
        "KAFKA_HEAP_OPTS", "KAFKA_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_JMX_OPTS", "KAFKA_JMX_PORT", "KAFKA_LOG4J_OPTS",
        "KAFKA_GC_LOG_OPTS", "KAFKA_HOME", "KAFKA_VERSION",
    ]

    /// The property a `KAFKA_*` variable stands for, or `nil` when it is not a property variable.
    ///
    /// The Confluent images' rule: drop `KAFKA_`, lower-case, then `___` → `-`, `__` → `_`, `_` → `.`
    /// (`KAFKA_SASL_MECHANISM` → `sasl.mechanism`). Kubernetes' service links
    /// (`KAFKA_PORT`, `KAFKA_PORT_9092_TCP…`, `KAFKA_SERVICE_HOST`, `KAFKA_SERVICE_PORT…`) and
    /// ``nonPropertyVariables`` are not properties; a `…_FILE` suffix is handled by ``resolve(reserved:)``.
    /// - Parameter variable: an environment variable name.
    public static func propertyName(forVariable variable: String) -> String? {
        guard variable.hasPrefix(environmentPrefix), variable.count > environmentPrefix.count,
            !nonPropertyVariables.contains(variable), !isServiceLink(variable)
        else { return nil }
        let raw = variable.dropFirst(environmentPrefix.count).lowercased()
        return raw.replacing("___", with: "\u{1}").replacing("__", with: "\u{2}").replacing("_", with: ".")
            .replacing("\u{1}", with: "-").replacing("\u{2}", with: "_")
    }

    /// The variable that sets `property` (`sasl.mechanism` → `KAFKA_SASL_MECHANISM`).
    /// - Parameter property: a librdkafka property name.
    public static func variableName(forProperty property: String) -> String {
        environmentPrefix
            + property.replacing("_", with: "__").replacing("-", with: "___").replacing(".", with: "_").uppercased()
    }

    /// Kubernetes injects `<SERVICE>_SERVICE_HOST`, `<SERVICE>_SERVICE_PORT[_<NAME>]`, `<SERVICE>_PORT` and
    /// `<SERVICE>_PORT_<N>_<PROTO>[_…]` for every Service in the namespace (a Service named `kafka`
    /// gives `KAFKA_PORT`); none is a librdkafka property.
    static func isServiceLink(_ variable: String) -> Bool {
        if variable.hasSuffix("_SERVICE_HOST") || variable.contains("_SERVICE_PORT") || variable.hasSuffix("_PORT") { return true }
        let parts = variable.split(separator: "_")
        guard let index = parts.firstIndex(of: "PORT"), index + 2 < parts.count else { return false }
        return parts[index + 1].allSatisfy(\.isNumber) && ["TCP", "UDP", "SCTP"].contains(parts[index + 2])
    }

    /// Every property from every source, the highest-precedence value of each, sorted by name.
    /// - Parameter reserved: properties CartStream sets itself, with what to use instead; setting one
    ///   from any source is an error (for example `enable.auto.commit`, on which exactly-once rests).
    /// - Throws: ``KafkaError`` naming the property and the variable, flag or file line that set it:
    ///   a malformed flag or file line, an unreadable file, a variable set both directly and as
    ///   `_FILE`, a property librdkafka does not know or a value it refuses, a reserved property.
    public func resolve(reserved: [String: String] = [:]) throws(KafkaError) -> [Property] {
        var resolved: [String: Property] = [:]
        func set(_ property: Property) { resolved[Self.canonical(property.name)] = property }
        if let configFile {
            let text: String
            do { text = try readFile(configFile) } catch {
                throw KafkaError(
                    kind: .invalidConfiguration(property: "KAFKA_CONFIG_FILE"),
                    message: "cannot read Kafka properties file \(configFile): \(error)")
            }
            for property in try Self.parsePropertiesFile(text, path: configFile) { set(property) }
        }
        for property in try environmentProperties() { set(property) }
        for flag in propertyFlags { set(try Self.parseFlag(flag)) }
        if let bootstrapServersFlag { set(Property(name: "bootstrap.servers", value: bootstrapServersFlag, origin: "--bootstrap-servers")) }

        let properties = resolved.values.sorted { $0.name < $1.name }
        for property in properties {
            if let instead = reserved[Self.canonical(property.name)] {
                throw KafkaError(
                    kind: .invalidConfiguration(property: property.name),
                    message: "\(property.name) (from \(property.origin)) is set by CartStream itself and cannot be overridden: \(instead)")
            }
            try RDKafkaClient.checkProperty(name: property.name, value: property.value, origin: property.origin)
        }
        return properties
    }

    /// The `KAFKA_*` properties of ``environment``, a `KAFKA_X_FILE` read from its file.
    func environmentProperties() throws(KafkaError) -> [Property] {
        var result: [Property] = []
        for variable in environment.keys.sorted() {
            guard let value = environment[variable], !value.isEmpty else { continue }
            if variable.hasSuffix("_FILE"), !Self.nonPropertyVariables.contains(variable) {
                let direct = String(variable.dropLast("_FILE".count))
                guard let name = Self.propertyName(forVariable: direct) else { continue }
                if let other = environment[direct], !other.isEmpty {
                    throw KafkaError(
                        kind: .invalidConfiguration(property: name), message: "both \(direct) and \(variable) are set: keep one")
                }
                let text: String
                do { text = try readFile(value) } catch {
                    throw KafkaError(kind: .invalidConfiguration(property: name), message: "\(variable): cannot read \(value): \(error)")
                }
                result.append(Property(name: name, value: Self.trimmingTrailingNewlines(text), origin: "\(variable)=\(value)"))
            } else if let name = Self.propertyName(forVariable: variable) {
                result.append(Property(name: name, value: value, origin: variable))
            }
        }
        return result
    }

    /// Parses one `--kafka-property NAME=VALUE`.
    static func parseFlag(_ flag: String) throws(KafkaError) -> Property {
        guard let equals = flag.firstIndex(of: "=") else {
            throw KafkaError(
                kind: .invalidConfiguration(property: flag),
                message: "--kafka-property \(flag): expected NAME=VALUE, e.g. sasl.mechanism=PLAIN")
        }
        let name = flag[..<equals].trimmingWhitespace()
        guard !name.isEmpty else {
            throw KafkaError(kind: .invalidConfiguration(property: flag), message: "--kafka-property \(flag): the property name is empty")
        }
        return Property(name: name, value: String(flag[flag.index(after: equals)...]), origin: "--kafka-property")
    }

    /// Parses a Java-style properties file: `name=value` or `name: value` per line, `#` and `!`
    /// comments, blank lines, a trailing `\` continues a line. A later line wins.
    static func parsePropertiesFile(_ text: String, path: String) throws(KafkaError) -> [Property] {
        var result: [Property] = []
        var pending = ""
        var pendingLine = 0
        // `\r\n` is one Character in Swift, and a newline like `\n`.
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            var line = String(rawLine)
            if pending.isEmpty {
                line = line.trimmingWhitespace()
                if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!") { continue }
                pendingLine = index + 1
            } else {
                line = line.trimmingWhitespace()
            }
            if line.hasSuffix("\\") {
                pending += line.dropLast()
                continue
            }
            let entry = pending + line
            pending = ""
            guard let separator = entry.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw KafkaError(
                    kind: .invalidConfiguration(property: entry), message: "\(path):\(pendingLine): expected name=value, found \(entry)")
            }
            let name = entry[..<separator].trimmingWhitespace()
            let value = entry[entry.index(after: separator)...].trimmingWhitespace()
            result.append(Property(name: name, value: value, origin: "\(path):\(pendingLine)"))
        }
        return result
    }

    /// librdkafka's aliases, so `sasl.mechanisms` and `sasl.mechanism` are one property.
    static func canonical(_ name: String) -> String {
        switch name {
        case "sasl.mechanisms": "sasl.mechanism"
        case "metadata.broker.list": "bootstrap.servers"
        default: name
        }
    }

    static func trimmingTrailingNewlines(_ text: String) -> String {
        var result = Substring(text)
        while let last = result.last, last == "\n" || last == "\r" { result = result.dropLast() }
        return String(result)
    }

    /// Reads a UTF-8 file.
    public static let readFromDisk: @Sendable (String) throws -> String = { path in
        guard let data = FileManager.default.contents(atPath: path) else { throw FileNotReadable(path: path) }
        return String(decoding: data, as: UTF8.self)
    }

    struct FileNotReadable: Error, CustomStringConvertible {
        var path: String
        var description: String { "no readable file at \(path)" }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
