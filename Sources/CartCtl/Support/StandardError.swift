import Foundation

/// Writes a line to standard error (notes that must not mix with JSON on standard output).
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
