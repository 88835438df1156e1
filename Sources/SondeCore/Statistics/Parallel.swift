#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// Splits independent work over the machine's cores. Each bootstrap replicate has its own
/// generator stream, so results do not depend on how the work is split.
enum Parallel {
    /// Calls `body` on contiguous ranges covering `0..<count`, concurrently; returns when all
    /// are done. `body` must only write to indices of its own range.
    static func forEachChunk(_ count: Int, _ body: (Range<Int>) -> Void) {
        let workers = Swift.min(Swift.max(1, count / 16), activeProcessors())
        guard workers > 1 else {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            // Safe by contract: each worker touches only its own range of the caller's output.
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                box.value((w * count / workers)..<((w + 1) * count / workers))
            }
        }
    }

    private struct UncheckedSendable<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }

    private static func activeProcessors() -> Int {
        #if canImport(Glibc)
        return Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 2
        #endif
    }
}
