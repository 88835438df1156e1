import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a test says about a process that did not finish in time, and how it stops it. A hung
/// agent once held CI for 90 minutes and printed nothing that said where it was stuck; a
/// deadline turns that into a failure, and this turns the failure into a diagnosis.
public enum Hang {
    /// The process's threads' stacks (gdb, when installed: scripts/install-deps.sh installs it),
    /// else each thread's kernel wait channel and current system call from /proc; and the
    /// processes it started. Bounded: gdb gets 60 s.
    public static func describe(pid: Int32) -> String {
        var parts = ["process \(pid): \(commandLine(pid))"]
        let stacks = TestProcess.find("gdb").flatMap { gdb in
            try? TestProcess.run(gdb, ["-batch", "-nx", "-p", "\(pid)", "-ex", "thread apply all bt 30"],
                                 input: nil as String?, timeout: .seconds(60))
        }.map { $0.output.split(separator: "\n").filter { $0.hasPrefix("#") || $0.hasPrefix("Thread") }.joined(separator: "\n") } ?? ""
        if !stacks.isEmpty {
            parts.append(stacks)
        } else {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
            for task in tasks.sorted() {
                let base = "/proc/\(pid)/task/\(task)"
                let name = read("\(base)/comm"), wchan = read("\(base)/wchan"), syscall = read("\(base)/syscall")
                parts.append("thread \(task) \(name): wchan \(wchan), syscall \(syscall.split(separator: " ").first ?? "")")
            }
        }
        let children = read("/proc/\(pid)/task/\(pid)/children").split(separator: " ")
        for child in children { parts.append("child \(child): \(commandLine(Int32(child) ?? 0))") }
        return parts.joined(separator: "\n")
    }

    /// SIGTERM, and SIGKILL if it is still there `grace` later.
    public static func stop(pid: Int32, grace: Duration = .seconds(5)) {
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(Double(grace.components.seconds))
        while Date() < deadline {
            if kill(pid, 0) != 0 || read("/proc/\(pid)/stat").split(separator: " ").dropFirst(2).first == "Z" { return }
            usleep(50_000)
        }
        kill(pid, SIGKILL)
    }

    static func commandLine(_ pid: Int32) -> String {
        read("/proc/\(pid)/cmdline").split(separator: "\0").joined(separator: " ")
    }

    static func read(_ path: String) -> String {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
