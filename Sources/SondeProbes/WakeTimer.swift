#if canImport(Glibc)
import CEpoll
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
        descriptor = sonde_timerfd_create()
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
        return sonde_timerfd_arm(descriptor, max(1, nanoseconds)) == 0
        #else
        return false
        #endif
    }
}
