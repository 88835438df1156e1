@testable import SondeCore

/// An import file from a string literal, modified at a fixed instant (2026-01-02T03:04:05Z).
func importFile(_ text: String, name: String = "fixture") -> ImportFile {
    ImportFile(name: name, bytes: Array(text.utf8), modifiedNs: 1_767_323_045_000_000_000)
}

/// The error a parse throws, or nil when it succeeds.
func importError(_ format: ImportFormat, _ text: String, name: String = "fixture") -> ImportError? {
    do {
        _ = try format.parse(importFile(text, name: name))
        return nil
    } catch {
        return error
    }
}
