import Kafka

extension ConsumerConfiguration {
    /// Applies command-line flags over the environment's values (`nil` keeps the value).
    /// - Parameters:
    ///   - bootstrapServers: comma-separated `host:port` list.
    ///   - databasePath: the SQLite file.
    ///   - host: HTTP host.
    ///   - port: HTTP port.
    public mutating func override(bootstrapServers: String?, databasePath: String?, host: String?, port: Int?) {
        if let bootstrapServers { kafka.bootstrapServers = bootstrapServers.split(separator: ",").map(String.init) }
        if let databasePath { self.databasePath = databasePath }
        if let host { self.host = host }
        if let port { self.port = port }
    }
}
