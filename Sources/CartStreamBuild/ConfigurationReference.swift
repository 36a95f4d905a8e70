/// Where every executable's flags and environment variables are described; each `--help` ends with
/// ``helpDiscussion``.
public enum ConfigurationReference {
    /// The reference document, relative to the repository root.
    public static let path = "docs/configuration.md"

    /// The `discussion:` of every executable's `CommandConfiguration`.
    public static let helpDiscussion =
        "Every flag and environment variable, with defaults and precedence (flag > environment > default): \(path)"
}
