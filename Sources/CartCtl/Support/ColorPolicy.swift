/// Whether `cartctl` colours its output — a pure decision over the flag, the environment and
/// whether standard output is a terminal, in this order of precedence:
///
/// 1. `--no-color` turns colour off;
/// 2. `NO_COLOR` set to a non-empty value turns it off (https://no-color.org; empty is ignored);
/// 3. `FORCE_COLOR` set to a non-empty value other than `0` turns it on, even without a terminal;
/// 4. `TERM=dumb` turns it off;
/// 5. otherwise colour is on exactly when standard output is a terminal.
enum ColorPolicy {
    static func isEnabled(noColorFlag: Bool, environment: CartCtlEnvironment, outputIsTerminal: Bool) -> Bool {
        if noColorFlag { return false }
        if let noColor = environment.noColor, !noColor.isEmpty { return false }
        if let force = environment.forceColor, !force.isEmpty, force != "0" { return true }
        if environment.term == "dumb" { return false }
        return outputIsTerminal
    }
}
