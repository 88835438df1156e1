#if canImport(Glibc)
import Glibc
#endif

/// A one-shot timer descriptor (Linux `timerfd`) that a poll can wait on beside its sockets, so a
/// loop wakes at an intended send time to the microsecond while still answering I/O. Confined to
/// the thread that owns it. Where timerfd is missing, `arm` fails and callers fall back to
/// millisecond timeouts.
final class WakeTimer {
    let descriptor: Int32

    init() {
        #if canImport(Glibc)
        descriptor = timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
        #else
        descriptor = -1
        #endif
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Makes the descriptor readable `nanoseconds` from now (re-arming clears an earlier expiry);
    /// false when there is no timer.
    func arm(nanoseconds: Int64) -> Bool {
        #if canImport(Glibc)
        guard descriptor >= 0 else { return false }
        let wait = max(1, nanoseconds)
        var value = itimerspec(it_interval: timespec(tv_sec: 0, tv_nsec: 0),
                               it_value: timespec(tv_sec: Int(wait / 1_000_000_000), tv_nsec: Int(wait % 1_000_000_000)))
        return timerfd_settime(descriptor, 0, &value, nil) == 0
        #else
        return false
        #endif
    }
}
