import Foundation

/// Provider tools still running on this host for an attempt. When `sonde` dies by `kill -9`
/// during create, the create tool lives on in its own process group and may still make the
/// machine; cleanup must wait for it before it looks the machine up, or it finds nothing and
/// the machine appears a moment later. The attempt's identity is in the tool's argv (a tag, a
/// client token, `{attempt}`), so /proc finds it.
enum InFlightTool {
    /// Whether a process other than this one has `key` in its command line.
    static func isRunning(carrying key: String) -> Bool {
        guard !key.isEmpty, let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        let own = String(getpid())
        let needle = Array(key.utf8)
        for entry in entries where entry != own && entry.allSatisfy(\.isNumber) {
            guard let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), !data.isEmpty else { continue }
            if Array(data).firstRange(of: needle) != nil { return true }
        }
        return false
    }

    /// Waits until no tool carries `key`, at most `limit`; returns whether one still does.
    static func waitUntilGone(_ key: String, limit: Duration) async -> Bool {
        let end = ContinuousClock.now + limit
        while isRunning(carrying: key) {
            guard ContinuousClock.now < end else { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
