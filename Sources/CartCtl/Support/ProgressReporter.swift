import Foundation

/// Reports a long operation's progress: a redrawn `\r` bar on a terminal, plain periodic lines
/// (every `interval`, and the last one always) when standard output is a file or pipe (CI, Job logs).
struct ProgressReporter {
    let interactive: Bool
    let interval: TimeInterval
    private var lastLine: Date?

    init(interactive: Bool = Terminal.outputIsTerminal, interval: TimeInterval = 2) {
        self.interactive = interactive
        self.interval = interval
    }

    /// Shows the current state; `final` forces a line (and ends the bar's line on a terminal).
    mutating func report(applied: Int, target: Int, rate: Double, eta: String, state: String, final: Bool = false, now: Date = Date()) {
        let counts = "\(applied)/\(target) events  \(Int(rate)) events/s  ETA \(eta)  \(state)"
        if interactive {
            let fraction = target > 0 ? Double(applied) / Double(target) : 0
            print("\r\(Terminal.progressBar(fraction: fraction)) \(counts)   ", terminator: final ? "\n" : "")
            fflush(nil)
            return
        }
        if !final, let lastLine, now.timeIntervalSince(lastLine) < interval { return }
        lastLine = now
        let percent = target > 0 ? String(format: "%.0f%%", Double(applied) / Double(target) * 100) : "-"
        print("progress: \(percent) \(counts)")
        fflush(nil)
    }
}
