import Foundation

/// ANSI colours and prompts, off when output is not a terminal or `--no-color`/`NO_COLOR` is set.
struct Terminal {
    var colored: Bool

    init(noColor: Bool = false) {
        colored = !noColor && isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    func paint(_ text: String, _ code: String) -> String { colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { paint(text, "1") }
    func dim(_ text: String) -> String { paint(text, "2") }

    /// Colour per event type.
    func eventType(_ type: String) -> String {
        let code =
            switch type {
            case "cart.created": "32"
            case "cart.item_added": "36"
            case "cart.item_quantity_changed": "33"
            case "cart.item_removed": "35"
            case "cart.checked_out": "1;32"
            case "cart.abandoned": "31"
            default: "1;31"
            }
        return paint(type, code)
    }

    /// Asks for confirmation; `--yes` skips it. No terminal and no `--yes` means no.
    static func confirm(_ question: String, assumeYes: Bool) -> Bool {
        if assumeYes { return true }
        guard isatty(STDIN_FILENO) != 0 else {
            FileHandle.standardError.write(Data("\(question) — refusing without a terminal; pass --yes to confirm\n".utf8))
            return false
        }
        print("\(question) [y/N] ", terminator: "")
        return readLine()?.lowercased().hasPrefix("y") == true
    }

    /// A one-line progress bar.
    static func progressBar(fraction: Double, width: Int = 30) -> String {
        let clamped = max(0, min(1, fraction))
        let filled = Int(clamped * Double(width))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
    }
}
