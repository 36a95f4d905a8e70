import Foundation

/// The launcher's folder for read models, mail and logs, wiped at every start because the
/// embedded topic starts empty.
///
/// Only a folder the launcher made itself is ever wiped: it carries a marker file
/// (``markerName``). An existing folder without the marker is refused unless it is empty, so
/// `--data-dir .` or `--data-dir ~` can never delete anything of the user's.
struct DataDirectory {
    /// The marker file's name inside a folder the launcher made.
    static let markerName = ".cartstream-data-dir"

    /// The folder.
    let url: URL

    /// What ``prepare()`` found.
    enum Preparation: Equatable {
        /// The folder did not exist and was created.
        case created
        /// The folder existed but was empty; it was adopted.
        case adoptedEmpty
        /// A folder of an earlier run was wiped.
        case wipedPreviousRun
    }

    /// Wipes a folder of an earlier run, or creates or adopts one, and leaves it with the marker
    /// and a `logs` subfolder.
    /// - Throws: ``LauncherError`` naming the folder and why when it holds anything not made by
    ///   the launcher (or is not a folder).
    func prepare() throws -> Preparation {
        let files = FileManager.default
        let marker = url.appendingPathComponent(Self.markerName)
        var isDirectory: ObjCBool = false
        let preparation: Preparation
        if !files.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            preparation = .created
        } else if !isDirectory.boolValue {
            throw LauncherError("--data-dir \(url.path) is a file, not a folder; choose another --data-dir")
        } else if files.fileExists(atPath: marker.path) {
            try files.removeItem(at: url)
            preparation = .wipedPreviousRun
        } else if (try files.contentsOfDirectory(atPath: url.path)).isEmpty {
            preparation = .adoptedEmpty
        } else {
            throw LauncherError(
                """
                --data-dir \(url.path) already exists and was not made by cartstream (it has no \(Self.markerName) marker). \
                cartstream wipes its data folder at every start, so it only uses a folder that does not exist yet, an empty one, \
                or one it made itself. Choose another --data-dir, or remove that folder yourself if it is really disposable.
                """)
        }
        try files.createDirectory(at: url.appendingPathComponent("logs"), withIntermediateDirectories: true)
        try Data("Made by cartstream: wiped at every start of cartstream --data-dir \(url.path).\n".utf8).write(to: marker)
        return preparation
    }
}
