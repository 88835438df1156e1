// Linux epoll for the native load engine. `struct epoll_event` is packed on x86-64, which Swift
// does not import faithfully: these wrappers pass its fields as plain integers instead.
#ifndef SONDE_CEPOLL_SHIM_H
#define SONDE_CEPOLL_SHIM_H
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/timerfd.h>
#include <time.h>

static const uint32_t sonde_epollin = EPOLLIN;
static const uint32_t sonde_epollout = EPOLLOUT;
static const uint32_t sonde_epollerr = EPOLLERR;
static const uint32_t sonde_epollhup = EPOLLHUP;

static inline int sonde_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

/// EPOLL_CTL_ADD (add != 0) or EPOLL_CTL_MOD of `fd` for `events`, tagged with `id`.
static inline int sonde_epoll_ctl(int epfd, int add, int fd, uint32_t events, uint64_t id) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = id;
    return epoll_ctl(epfd, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event);
}

/// Waits up to `timeout_ms` (-1: forever); writes each ready descriptor's tag and events.
static inline int sonde_epoll_wait(int epfd, uint64_t *ids, uint32_t *events, int max, int timeout_ms) {
    struct epoll_event ready[256];
    if (max > 256) max = 256;
    int count = epoll_wait(epfd, ready, max, timeout_ms);
    for (int i = 0; i < count; i++) {
        ids[i] = ready[i].data.u64;
        events[i] = ready[i].events;
    }
    return count;
}
/// As `sonde_epoll_wait`, with the timeout in nanoseconds (epoll_pwait2, Linux 5.11): a paced loop
/// wakes for its next send to the microsecond without arming a timer descriptor first.
/// `timeout_ns` < 0 waits forever.
static inline int sonde_epoll_wait_ns(int epfd, uint64_t *ids, uint32_t *events, int max, int64_t timeout_ns) {
    struct epoll_event ready[256];
    if (max > 256) max = 256;
    struct timespec timeout = {(time_t)(timeout_ns / 1000000000), (long)(timeout_ns % 1000000000)};
    int count = epoll_pwait2(epfd, ready, max, timeout_ns < 0 ? NULL : &timeout, NULL);
    for (int i = 0; i < count; i++) {
        ids[i] = ready[i].data.u64;
        events[i] = ready[i].events;
    }
    return count;
}

/// Sets the calling thread's timer slack (how late the kernel may end its timed sleeps to batch
/// wake-ups; 50 µs by default for ordinary threads), a variadic prctl Swift cannot call.
static inline int sonde_set_timer_slack_ns(unsigned long nanoseconds) {
    return prctl(PR_SET_TIMERSLACK, nanoseconds, 0, 0, 0);
}

/// A non-blocking one-shot CLOCK_MONOTONIC timer descriptor (the latency probe's wake timer;
/// Glibc's Swift module does not export timerfd).
static inline int sonde_timerfd_create(void) { return timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC); }

/// Arms `fd` to become readable once, `nanoseconds` (> 0) from now; clears an earlier expiry.
static inline int sonde_timerfd_arm(int fd, int64_t nanoseconds) {
    struct itimerspec value = {{0, 0}, {(time_t)(nanoseconds / 1000000000), (long)(nanoseconds % 1000000000)}};
    return timerfd_settime(fd, 0, &value, NULL);
}
#endif
