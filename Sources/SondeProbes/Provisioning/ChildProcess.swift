import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a provider tool without a shell, in a process group of its own, with a deadline. Blocking:
/// call it on a thread of its own (`Curl.onOwnThread`), never on a Swift concurrency thread.
///
/// posix_spawn rather than Foundation's `Process`: a hung tool must be killed together with
/// whatever it started (aws CLI plugins, ssh), which needs the child to lead its own process group,
/// and a SIGINT from the terminal must reach sonde, which then tears down, and not the tool.
enum ChildProcess {
    enum Ending: Sendable, Equatable {
        /// The tool exited by itself with this status (128+n when killed by signal n).
        case exited(Int32)
        /// The deadline passed; the process group was killed.
        case timedOut
        /// The stop signal was raised; the process group was killed.
        case stopped
        /// The program could not be started (not found, not executable).
        case unstartable(String)
    }

    struct Result: Sendable, Equatable {
        var ending: Ending
        var stdout: String
        var stderr: String
    }

    /// Runs `argv` with `environment`, reading both pipes until the child exits, `deadline`
    /// (monotonic) passes, or `isStopped` returns true. Output beyond 4 MiB per stream is dropped.
    static func run(_ argv: [String], environment: [String: String], deadline: ContinuousClock.Instant,
                    isStopped: @Sendable () -> Bool = { false }) -> Result {
        var out: [Int32] = [0, 0], err: [Int32] = [0, 0]
        guard pipe(&out) == 0, pipe(&err) == 0 else {
            return Result(ending: .unstartable("cannot create pipes: \(String(cString: strerror(errno)))"), stdout: "", stderr: "")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        for fd in out + err { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        // Default dispositions for the child: sonde ignores SIGINT/SIGTERM while it traps them.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var pid: pid_t = 0
        var code = posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        // ETXTBSY: another thread's child inherited a write descriptor of a just-written script
        // (tests, tools installed while sonde runs); it closes at that child's exec, so retry.
        for _ in 0..<20 where code == ETXTBSY {
            usleep(10_000)
            code = posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        }
        close(out[1])
        close(err[1])
        guard code == 0 else {
            close(out[0])
            close(err[0])
            return Result(ending: .unstartable("cannot run \(argv[0]): \(String(cString: strerror(code)))"), stdout: "", stderr: "")
        }

        for fd in [out[0], err[0]] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        var buffers: [Int32: [UInt8]] = [out[0]: [], err[0]: []]
        var open: Set<Int32> = [out[0], err[0]]
        func drain(_ fd: Int32) {
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = read(fd, &chunk, chunk.count)
                if count > 0 {
                    if buffers[fd]!.count < 4 << 20 { buffers[fd]!.append(contentsOf: chunk[0..<count]) }
                    continue
                }
                if count == 0 || (errno != EINTR && errno != EAGAIN) { open.remove(fd) }
                if count < 0 && errno == EINTR { continue }
                return
            }
        }
        var status: Int32 = 0
        var exited = false
        var ending: Ending?
        while ending == nil {
            if isStopped() { ending = .stopped; break }
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { ending = .timedOut; break }
            // Wake at least every 20 ms to notice the stop signal and the child's exit.
            let waitMs = Int32(min(20, max(1, remaining.nanoseconds / 1_000_000)))
            if open.isEmpty {
                usleep(UInt32(waitMs) * 1000)
            } else {
                var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
                _ = poll(&fds, nfds_t(fds.count), waitMs)
                for entry in fds where entry.revents != 0 { drain(entry.fd) }
            }
            // The child's exit ends the wait even if something it started still holds the pipes.
            if waitpid(pid, &status, WNOHANG) == pid {
                exited = true
                for fd in open { drain(fd) }
                break
            }
        }
        if !exited {
            if ending != nil {
                // The whole group: a tool's own children must not outlive it.
                kill(-pid, SIGTERM)
                let grace = ContinuousClock.now + .milliseconds(500)
                while waitpid(pid, &status, WNOHANG) == 0 && ContinuousClock.now < grace { usleep(10_000) }
                kill(-pid, SIGKILL)
            }
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        }
        close(out[0])
        close(err[0])
        let text = { (fd: Int32) in String(decoding: buffers[fd]!, as: UTF8.self) }
        if ending == nil {
            // WIFEXITED / WEXITSTATUS / WTERMSIG are macros that do not import.
            let signal = status & 0x7f
            ending = .exited(signal == 0 ? (status >> 8) & 0xff : 128 + signal)
        }
        return Result(ending: ending!, stdout: text(out[0]), stderr: text(err[0]))
    }
}
