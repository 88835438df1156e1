/* The server side of the pacing race (latency-pacing.sh): a single-threaded epoll HTTP/1.1
 * keep-alive server on 127.0.0.1 that answers every request with a 2-byte body and measures, for
 * each request carrying the header X-Sonde-Intended-Ns (the client's intended send time, ns since
 * the Unix epoch), how late it arrived: the kernel's receive timestamp of the request's bytes
 * (SO_TIMESTAMPNS, CLOCK_REALTIME: when they reached this server's socket, not when this process
 * got a core to read them) minus the intended time. The time this process read them is kept too,
 * as a second figure. A request's arrival is its first byte's.
 *
 * Usage: latency-receiver PORT_FILE STATS_FILE
 *   binds an OS-chosen port (written to PORT_FILE once listening), serves until SIGTERM or SIGINT,
 *   then writes key=value lines to STATS_FILE: requests, tagged (with the header), late_1ms (kernel
 *   arrival more than 1 ms after the intended time), read_late_1ms (same, read time), early (arrival
 *   before the intended time, which only clock trouble explains), p50/p99/p999/max of the arrival
 *   delay in microseconds, connections, and clock_offset_drift_ns (how far CLOCK_REALTIME moved
 *   against CLOCK_MONOTONIC during the run: a step would bend every figure), and how many reads
 *   carried a kernel timestamp (the others fall back to the read time). */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_FDS 65536
#define BUFFER 16384
/* Arrival delays in 1 µs buckets up to 1 s; later ones land in the last bucket. */
#define BUCKETS 1000001

static const char RESPONSE[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok";
static const char HEADER[] = "\nx-sonde-intended-ns:";

struct connection {
    char data[BUFFER];
    int used;
    /* Kernel receive time of the first byte of the request at the start of data, 0 if none yet. */
    int64_t first_kernel_ns;
    int64_t first_read_ns;
};

static struct connection *connections[MAX_FDS];
static volatile sig_atomic_t stopping = 0;
static uint32_t histogram[BUCKETS];
static uint64_t requests, tagged, late_1ms, read_late_1ms, early, accepted, reads, stamped_reads;
static int64_t max_delay_ns;

static void on_signal(int sig) { (void)sig; stopping = 1; }

static int64_t clock_ns(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void record(int64_t intended, int64_t kernel_ns, int64_t read_ns) {
    tagged++;
    int64_t delay = kernel_ns - intended;
    if (delay < 0) { early++; delay = 0; }
    if (delay > 1000000) late_1ms++;
    if (read_ns - intended > 1000000) read_late_1ms++;
    if (delay > max_delay_ns) max_delay_ns = delay;
    int64_t bucket = delay / 1000;
    histogram[bucket < BUCKETS ? bucket : BUCKETS - 1]++;
}

/* The intended time in the header block [start, end), or -1 when it carries none. */
static int64_t intended_ns(const char *start, const char *end) {
    size_t length = sizeof(HEADER) - 1;
    for (const char *p = start; p + length <= end; p++) {
        if (*p == '\n' && strncasecmp(p, HEADER, length) == 0) {
            const char *q = p + length;
            while (q < end && *q == ' ') q++;
            int64_t value = 0;
            int digits = 0;
            while (q < end && *q >= '0' && *q <= '9') { value = value * 10 + (*q - '0'); q++; digits++; }
            return digits ? value : -1;
        }
    }
    return -1;
}

static void drop(int epoll, int fd) {
    epoll_ctl(epoll, EPOLL_CTL_DEL, fd, NULL);
    close(fd);
    free(connections[fd]);
    connections[fd] = NULL;
}

static void serve(int epoll, int fd) {
    struct connection *c = connections[fd];
    for (;;) {
        char control[256];
        struct iovec io = { c->data + c->used, BUFFER - c->used };
        struct msghdr message = { .msg_iov = &io, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
        ssize_t n = recvmsg(fd, &message, 0);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n <= 0) { drop(epoll, fd); return; }
        int64_t read_ns = clock_ns(CLOCK_REALTIME);
        int64_t kernel_ns = read_ns;
        reads++;
        for (struct cmsghdr *m = CMSG_FIRSTHDR(&message); m; m = CMSG_NXTHDR(&message, m)) {
            if (m->cmsg_level == SOL_SOCKET && m->cmsg_type == SCM_TIMESTAMPNS) {
                struct timespec ts;
                memcpy(&ts, CMSG_DATA(m), sizeof ts);
                kernel_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
                stamped_reads++;
            }
        }
        if (c->used == 0) { c->first_kernel_ns = kernel_ns; c->first_read_ns = read_ns; }
        c->used += (int)n;
        /* Every complete request in the buffer (GET: no body). */
        char *begin = c->data;
        char *end = c->data + c->used;
        int answers = 0;
        for (;;) {
            char *stop = memmem(begin, (size_t)(end - begin), "\r\n\r\n", 4);
            if (!stop) break;
            requests++;
            int64_t intended = intended_ns(begin, stop + 2);
            if (intended >= 0) record(intended, c->first_kernel_ns, c->first_read_ns);
            answers++;
            begin = stop + 4;
            /* A second request in the same read arrived with the same segment. */
            c->first_kernel_ns = kernel_ns;
            c->first_read_ns = read_ns;
        }
        c->used = (int)(end - begin);
        if (c->used > 0) memmove(c->data, begin, (size_t)c->used);
        if (c->used == BUFFER) { drop(epoll, fd); return; }
        for (int i = 0; i < answers; i++) {
            if (send(fd, RESPONSE, sizeof(RESPONSE) - 1, MSG_NOSIGNAL) < 0) { drop(epoll, fd); return; }
        }
    }
}

static int64_t percentile(double q) {
    if (tagged == 0) return 0;
    uint64_t rank = (uint64_t)(q * (double)tagged);
    if (rank >= tagged) rank = tagged - 1;
    uint64_t seen = 0;
    for (int64_t i = 0; i < BUCKETS; i++) {
        seen += histogram[i];
        if (seen > rank) return i;
    }
    return BUCKETS - 1;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s PORT_FILE STATS_FILE\n", argv[0]); return 64; }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (bind(listener, (struct sockaddr *)&address, sizeof address) || listen(listener, 4096)) { perror("bind"); return 74; }
    socklen_t length = sizeof address;
    getsockname(listener, (struct sockaddr *)&address, &length);
    int epoll = epoll_create1(0);
    struct epoll_event event = { .events = EPOLLIN, .data.fd = listener };
    epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event);
    int64_t offset_start = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_MONOTONIC);
    FILE *port_file = fopen(argv[1], "w");
    if (!port_file) { perror(argv[1]); return 74; }
    fprintf(port_file, "%d\n", ntohs(address.sin_port));
    fclose(port_file);

    struct epoll_event ready[256];
    while (!stopping) {
        int count = epoll_wait(epoll, ready, 256, 100);
        for (int i = 0; i < count; i++) {
            int fd = ready[i].data.fd;
            if (fd == listener) {
                int client;
                while ((client = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    if (client >= MAX_FDS) { close(client); continue; }
                    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    setsockopt(client, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
                    connections[client] = calloc(1, sizeof(struct connection));
                    struct epoll_event e = { .events = EPOLLIN, .data.fd = client };
                    epoll_ctl(epoll, EPOLL_CTL_ADD, client, &e);
                    accepted++;
                }
            } else if (connections[fd]) {
                serve(epoll, fd);
            }
        }
    }
    int64_t drift = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_MONOTONIC) - offset_start;
    FILE *out = fopen(argv[2], "w");
    if (!out) { perror(argv[2]); return 74; }
    fprintf(out, "requests=%llu\ntagged=%llu\nlate_1ms=%llu\nread_late_1ms=%llu\nearly=%llu\n",
            (unsigned long long)requests, (unsigned long long)tagged, (unsigned long long)late_1ms,
            (unsigned long long)read_late_1ms, (unsigned long long)early);
    fprintf(out, "p50_us=%lld\np99_us=%lld\np999_us=%lld\nmax_us=%lld\nconnections=%llu\nclock_offset_drift_ns=%lld\n"
            "reads=%llu\nkernel_stamped_reads=%llu\n",
            (long long)percentile(0.5), (long long)percentile(0.99), (long long)percentile(0.999),
            (long long)(max_delay_ns / 1000), (unsigned long long)accepted, (long long)drift,
            (unsigned long long)reads, (unsigned long long)stamped_reads);
    fclose(out);
    return 0;
}
