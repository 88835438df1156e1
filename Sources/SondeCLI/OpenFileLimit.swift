import Foundation

/// The process's open-file limit (`RLIMIT_NOFILE`): every load connection holds a descriptor.
enum OpenFileLimit {
    /// The soft limit now.
    static var current: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        return Int(clamping: limit.rlim_cur)
    }

    /// Raises the soft limit to `needed` when the hard limit allows; returns the soft limit after.
    static func raise(to needed: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return current }
        if Int(clamping: limit.rlim_cur) < needed {
            limit.rlim_cur = min(rlim_t(needed), limit.rlim_max)
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return current
    }
}
