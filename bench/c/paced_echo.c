/*
 * paced_echo: the ceiling for `ramal loadtest` on a machine. A single-threaded AudioSocket echo
 * server in C that does nothing but pace an echo: epoll, non-blocking sockets, and a 1 ms timerfd
 * that serves each call in one of twenty 1 ms slots of the 20 ms tick, as the gateway's pacer
 * does. Per call: read the id frame, queue whole audio frames (at most 10, dropping the oldest),
 * and on each tick write exactly one frame back: the oldest queued once two are queued (the
 * gateway's start threshold), else silence. No logging, no allocation after accept.
 *
 * Not part of the product and not built by Maven; see BENCHMARKS.md for how it is used:
 *   gcc -O2 -o /tmp/paced-echo bench/c/paced_echo.c
 *   taskset -c 0 /tmp/paced-echo 127.0.0.1 41300
 */
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
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define SLOTS 20
#define START_FRAMES 2
#define CAPACITY_FRAMES 10
#define MAX_PAYLOAD 7680 /* 20 ms at 192 kHz */
#define IN_BYTES (3 + MAX_PAYLOAD)
#define MAX_CALLS 65536

struct call {
    int fd;
    int slot;
    int slot_index;  /* position in its slot's array */
    int identified;
    int playing;
    int in_len;
    unsigned char in[IN_BYTES];
    int frame_bytes; /* payload size of the last audio frame: the silence size */
    unsigned char kind;
    int head, count;
    unsigned char queue[CAPACITY_FRAMES][3 + MAX_PAYLOAD];
};

static struct call *calls[MAX_CALLS];   /* by fd */
static struct call **slot_calls[SLOTS]; /* calls of each slot */
static int slot_size[SLOTS];
static unsigned char silence[3 + MAX_PAYLOAD];

static void die(const char *what) {
    perror(what);
    exit(1);
}

static int least_loaded_slot(void) {
    int best = 0;
    for (int i = 1; i < SLOTS; i++) {
        if (slot_size[i] < slot_size[best]) best = i;
    }
    return best;
}

static void drop_call(int ep, struct call *c) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    int s = c->slot;
    struct call *last = slot_calls[s][--slot_size[s]];
    slot_calls[s][c->slot_index] = last;
    last->slot_index = c->slot_index;
    calls[c->fd] = NULL;
    free(c);
}

/* Takes whole frames out of c->in; returns -1 when the call must end. */
static int parse(struct call *c) {
    int off = 0;
    while (c->in_len - off >= 3) {
        unsigned char kind = c->in[off];
        int len = (c->in[off + 1] << 8) | c->in[off + 2];
        if (len > MAX_PAYLOAD) return -1;
        if (c->in_len - off < 3 + len) break;
        if (kind == 0x00) return -1; /* hangup */
        if (kind == 0x01) {
            c->identified = 1;
        } else if (kind >= 0x10 && kind <= 0x18 && c->identified && len > 0) {
            int tail = (c->head + c->count) % CAPACITY_FRAMES;
            if (c->count == CAPACITY_FRAMES) { /* full: drop the oldest */
                c->head = (c->head + 1) % CAPACITY_FRAMES;
                c->count--;
            }
            memcpy(c->queue[tail], c->in + off, 3 + len);
            c->count++;
            c->frame_bytes = len;
            c->kind = kind;
        }
        off += 3 + len;
    }
    if (off > 0) {
        memmove(c->in, c->in + off, c->in_len - off);
        c->in_len -= off;
    }
    return 0;
}

static void tick_call(int ep, struct call *c) {
    if (!c->identified || c->frame_bytes == 0) return;
    const unsigned char *out;
    int n;
    if (!c->playing && c->count >= START_FRAMES) c->playing = 1;
    if (c->playing && c->count > 0) {
        out = c->queue[c->head];
        n = 3 + ((out[1] << 8) | out[2]);
        c->head = (c->head + 1) % CAPACITY_FRAMES;
        c->count--;
        if (c->count == 0) c->playing = 0;
    } else {
        silence[0] = c->kind;
        silence[1] = (unsigned char) (c->frame_bytes >> 8);
        silence[2] = (unsigned char) c->frame_bytes;
        out = silence;
        n = 3 + c->frame_bytes;
    }
    ssize_t w = send(c->fd, out, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    /* EAGAIN skips this frame (a peer that stopped reading); a short write would cut the
       stream mid-frame, so that call ends, as it does on an error. */
    if ((w < 0 && errno != EAGAIN) || (w >= 0 && w < n)) drop_call(ep, c);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
        return 2;
    }
    for (int i = 0; i < SLOTS; i++) {
        slot_calls[i] = calloc(MAX_CALLS, sizeof(struct call *));
        if (!slot_calls[i]) die("calloc");
    }
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (lfd < 0) die("socket");
    int one = 1, rcv = 1 << 20;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
    if (inet_pton(AF_INET, argv[1], &a.sin_addr) != 1) die("address");
    if (bind(lfd, (struct sockaddr *) &a, sizeof a) < 0) die("bind");
    if (listen(lfd, 4096) < 0) die("listen");

    int ep = epoll_create1(0);
    if (ep < 0) die("epoll_create1");
    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    struct itimerspec its = {.it_interval = {0, 1000000}, .it_value = {0, 1000000}};
    timerfd_settime(tfd, 0, &its, NULL);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
    ev.data.fd = tfd;
    epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev);
    fprintf(stderr, "paced-echo listening on %s:%s\n", argv[1], argv[2]);

    struct epoll_event events[1024];
    unsigned long long slot_no = 0;
    for (;;) {
        int n = epoll_wait(ep, events, 1024, -1);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == lfd) {
                for (;;) {
                    int cfd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
                    if (cfd < 0) break;
                    if (cfd >= MAX_CALLS) {
                        close(cfd);
                        continue;
                    }
                    setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct call *c = calloc(1, sizeof *c);
                    if (!c) die("calloc");
                    c->fd = cfd;
                    c->slot = least_loaded_slot();
                    c->slot_index = slot_size[c->slot];
                    slot_calls[c->slot][slot_size[c->slot]++] = c;
                    calls[cfd] = c;
                    struct epoll_event cev = {.events = EPOLLIN, .data.fd = cfd};
                    epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &cev);
                }
            } else if (fd == tfd) {
                uint64_t expirations = 0;
                if (read(tfd, &expirations, sizeof expirations) != sizeof expirations) continue;
                /* Run every slot that came due, back to back when the loop was late. */
                for (uint64_t k = 0; k < expirations; k++) {
                    int s = (int) (slot_no++ % SLOTS);
                    for (int j = slot_size[s] - 1; j >= 0; j--) {
                        if (j < slot_size[s]) tick_call(ep, slot_calls[s][j]);
                    }
                }
            } else {
                struct call *c = calls[fd];
                if (!c) continue;
                ssize_t r = recv(fd, c->in + c->in_len, IN_BYTES - c->in_len, 0);
                if (r == 0 || (r < 0 && errno != EAGAIN) || (r > 0 && (c->in_len += r, parse(c) < 0))) {
                    drop_call(ep, c);
                }
            }
        }
    }
}
