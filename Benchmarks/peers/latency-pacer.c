/* The noise floor of the pacing race (latency-pacing.sh): the schedule of sonde's latency probe
 * kept by the plainest pacer there is, one C thread sleeping with clock_nanosleep(TIMER_ABSTIME)
 * until each intended send time and then writing the request. PROVIDERS schedules of one request
 * every INTERVAL_NS, offset by INTERVAL_NS / PROVIDERS from each other (as sonde offsets its
 * providers), over warm keep-alive connections to 127.0.0.1:PORT, each request carrying its
 * intended send time (ns since the Unix epoch) in X-Sonde-Intended-Ns, as sonde does with
 * SONDE_INTENDED_HEADER set. A request goes out on a free connection of its provider; when none is
 * free a new one is opened (never waiting for an answer: an open loop, like sonde's).
 * Intended times are the wall clock read once at the start plus CLOCK_MONOTONIC elapsed, as in
 * sonde's TimeBase.
 *
 * Usage: latency-pacer PORT INTERVAL_NS PROVIDERS SECONDS
 *   prints: sent=N late_1ms=N (its own send more than 1 ms after the intended time) connections=N */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNECTIONS 4096
/* The receiver's answer: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok". */
#define RESPONSE_BYTES 65

struct connection {
    int fd;
    int provider;
    int busy;
    int received;
};

static struct connection connections[MAX_CONNECTIONS];
static int connection_count;
static struct sockaddr_in server;
static int epoll_fd;

static int64_t clock_ns(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int open_connection(int provider) {
    if (connection_count == MAX_CONNECTIONS) return -1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&server, sizeof server) != 0) { perror("connect"); exit(74); }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int index = connection_count++;
    connections[index] = (struct connection){ .fd = fd, .provider = provider };
    struct epoll_event event = { .events = EPOLLIN, .data.u32 = (uint32_t)index };
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event);
    return index;
}

/* Reads every answer that has arrived (without waiting), freeing its connection. */
static void drain(void) {
    struct epoll_event ready[256];
    int count;
    while ((count = epoll_wait(epoll_fd, ready, 256, 0)) > 0) {
        for (int i = 0; i < count; i++) {
            struct connection *c = &connections[ready[i].data.u32];
            char buffer[4096];
            ssize_t n = recv(c->fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n <= 0) { fprintf(stderr, "connection closed\n"); exit(74); }
            c->received += (int)n;
            if (c->received >= RESPONSE_BYTES) { c->received -= RESPONSE_BYTES; c->busy = 0; }
        }
        if (count < 256) break;
    }
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: %s PORT INTERVAL_NS PROVIDERS SECONDS\n", argv[0]); return 64; }
    int port = atoi(argv[1]);
    int64_t interval = atoll(argv[2]);
    int providers = atoi(argv[3]);
    int64_t duration = (int64_t)(atof(argv[4]) * 1e9);
    server = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                                   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    epoll_fd = epoll_create1(0);
    /* Warm connections: two per provider before the clock starts. */
    for (int p = 0; p < providers; p++) { open_connection(p); open_connection(p); }

    int64_t mono0 = clock_ns(CLOCK_MONOTONIC);
    int64_t epoch0 = clock_ns(CLOCK_REALTIME);
    /* The providers' schedules merged: attempt k of provider p is due at p * step + k * interval. */
    int64_t step = interval / providers;
    uint64_t sent = 0, late = 0;
    for (int64_t slot = 0;; slot++) {
        int provider = (int)(slot % providers);
        int64_t offset = (slot / providers) * interval + provider * step;
        if (offset >= duration) break;
        int64_t due = mono0 + offset;
        struct timespec ts = { .tv_sec = due / 1000000000, .tv_nsec = due % 1000000000 };
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {}
        drain();
        int chosen = -1;
        for (int i = 0; i < connection_count; i++) {
            if (connections[i].provider == provider && !connections[i].busy) { chosen = i; break; }
        }
        if (chosen < 0) chosen = open_connection(provider);
        if (chosen < 0) { fprintf(stderr, "out of connections\n"); return 74; }
        char request[256];
        int length = snprintf(request, sizeof request,
                              "GET /p%d HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: latency-pacer\r\nAccept: */*\r\n"
                              "X-Sonde-Intended-Ns: %lld\r\n\r\n", provider, port, (long long)(epoch0 + offset));
        if (clock_ns(CLOCK_MONOTONIC) - due > 1000000) late++;
        if (send(connections[chosen].fd, request, (size_t)length, MSG_NOSIGNAL) != length) { perror("send"); return 74; }
        connections[chosen].busy = 1;
        sent++;
    }
    /* Let the last answers come back before the receiver is stopped. */
    usleep(100000);
    drain();
    printf("sent=%llu late_1ms=%llu connections=%d\n", (unsigned long long)sent, (unsigned long long)late, connection_count);
    return 0;
}
