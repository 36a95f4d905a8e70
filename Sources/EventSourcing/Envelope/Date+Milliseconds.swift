public import Foundation

extension Date {
    /// Milliseconds since the Unix epoch, rounded towards negative infinity.
    public var millisecondsSince1970: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// Creates a date from whole milliseconds since the Unix epoch.
    /// - Parameter millisecondsSince1970: milliseconds since 1970-01-01T00:00:00Z.
    public init(millisecondsSince1970: Int64) {
        self.init(timeIntervalSince1970: Double(millisecondsSince1970) / 1000)
    }
}
