import Foundation

/// ANSI colours and prompts; whether to colour is ``ColorPolicy``'s decision.
struct Terminal {
    var colored: Bool

    init(noColor: Bool = false) {
        colored = ColorPolicy.isEnabled(
            noColorFlag: noColor, environment: .current, outputIsTerminal: Terminal.outputIsTerminal)
    }

    /// Whether standard output is a terminal.
    static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

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
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        return readLine()?.lowercased().hasPrefix("y") == true
    }

    /// Asks for confirmation and throws ``CartCtlError/Kind/confirmationRefused`` unless given.
    static func requireConfirmation(_ question: String, assumeYes: Bool) throws {
        guard confirm(question, assumeYes: assumeYes) else {
            throw CartCtlError(.confirmationRefused, "not confirmed; nothing was changed")
        }
    }

    /// A one-line progress bar.
    static func progressBar(fraction: Double, width: Int = 30) -> String {
        let clamped = max(0, min(1, fraction))
        let filled = Int(clamped * Double(width))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
    }
}
