import Foundation

/// A provider CLI written as a small shell script, for the command adapter's tests. It keeps
/// its machines as files in its own directory; `FAKE_MODE` picks a misbehaviour:
/// `exit` (create fails with status 3), `garbage` (create prints non-JSON), `hang` (status never
/// returns), `pending` (status never says running), `nodestroy` (destroy fails), `capacity`.
struct FakeProviderCLI {
    let directory: URL
    var path: String { directory.appendingPathComponent("fakecli").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sonde-fakecli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            dir="$(dirname "$0")"
            mode="${FAKE_MODE:-ok}"
            case "$1" in
            create)
                case "$mode" in
                exit) echo "error: token $2 rejected by the API" >&2; echo "second line" >&2; exit 3 ;;
                capacity) echo "InsufficientInstanceCapacity: no capacity in zone" >&2; exit 1 ;;
                garbage) echo "Segmentation fault (core dumped)"; exit 0 ;;
                esac
                id="m-$$"
                echo booting > "$dir/$id"
                echo "{\\"machine\\": {\\"id\\": \\"$id\\", \\"token\\": null}}"
                ;;
            status)
                [ "$mode" = hang ] && { sleep 30 & sleep 30; }
                [ -f "$dir/$2" ] || { echo "no such machine $2" >&2; exit 4; }
                if [ "$mode" = pending ]; then echo '{"state": "queued"}'; exit 0; fi
                echo "{\\"state\\": \\"running\\", \\"ip\\": \\"${FAKE_ENDPOINT:-127.0.0.1:1}\\"}"
                ;;
            destroy)
                [ "$mode" = nodestroy ] && { echo "destroy refused: account locked" >&2; exit 5; }
                rm -f "$dir/$2" && echo "{\\"destroyed\\": \\"$2\\"}"
                ;;
            esac
            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
    }

    /// Machines the CLI believes still exist.
    var liveMachines: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasPrefix("m-") }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
