/*
 * echo_load: `ramal loadtest`'s echo scenario as a lean C program, so that the comparison of two
 * echo servers at 1,000 calls per core is decided by the servers and not by the load generator.
 * The Java generator spends most of a core at 1,000 calls (mostly in the kernel, on Netty's
 * writes), and its own ticker's lag then colours whether a run counts as clean, for whichever
 * server it measures. This one does the same work with one thread, epoll, non-blocking sockets and
 * a 1 ms timerfd, and allocates nothing once the calls are open.
 *
 * It mirrors the Java generator (bench/src/main/java/io/ramal/bench: LoadGenerator, LoadLeg,
 * LoadCall, FrameParser, Stamp, Dist, proc/ProcWindow, report/Tables): the same ramp, slots and
 * phases, the same stamp, the same counts and the same percentile definition (HdrHistogram's, at
 * 3 significant digits in microseconds), and prints the same echo table row and JSON names.
 * Differences, on purpose: a frame is skipped and counted in sendBlocked when the socket would not
 * take it (EAGAIN), where Java skips when Netty's outbound buffer passes its high-water mark; a
 * frame the socket took in part is finished when it is writable, the frames due meanwhile skipped
 * and counted, so the stream never carries half a frame. The tail waits on frames that left (Java's
 * running total also counts skipped ones). A call's first arrival gap is timed from its first echo,
 * as Java's is too since this generator's writing found it timed from 0.
 *
 * Not part of the product and not built by Maven (EchoLoadCIT compiles and checks it):
 *   gcc -O2 -Wall -Wextra -o echo-load bench/c/echo_load.c -lm
 *   ./echo-load --target 127.0.0.1:41300 --calls 1000 --seconds 15 --server-pid PID --label c --json c.json
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define SLOTS 20                       /* LoadGenerator.BUCKETS: 1 ms slots of the 20 ms window */
#define SLOT_NS 1000000LL
#define PAYLOAD 320                    /* 20 ms of slin 8 kHz */
#define FRAME_BYTES (3 + PAYLOAD)
#define STAMP_BYTES 20                 /* Stamp.BYTES */
#define MAGIC 0x524D4C31u              /* "RML1" */
#define GAP_LIMIT_NS 25000000LL        /* LoadLeg.GAP_LIMIT_NANOS */
#define MAX_MICROS 60000000LL          /* LoadGenerator.MAX_MICROS: histograms clamp at 60 s */
#define CONNECT_TIMEOUT_NS 2000000000LL /* Asterisk's connect timeout */
#define GOLDEN 0.6180339887498949
#define TIMER_TAG UINT32_MAX
#define MAX_CALLS 100000

enum state { NEW, CONNECTING, ACTIVE, REFUSED, DROPPED, CLOSED };

/* One simulated Asterisk channel (LoadLeg + LoadCall + its FrameParser). */
struct call {
    int fd;
    unsigned char state;
    unsigned char closing;             /* we are closing it: the close that follows is not a drop */
    unsigned char hung_up;
    unsigned char echoing;             /* its first echo has arrived */
    int port;
    int seq;                           /* next sequence number to send */
    int last_seq;                      /* last stamped sequence counted, -1 before any */
    int64_t connect_deadline;
    int64_t last_arrival;
    uint64_t sent, send_blocked, received, duplicates, foreign, priming_silence, silence, unexpected, gaps_over_25;
    /* the parser: header, the payload's first STAMP_BYTES, the rest skipped */
    unsigned char header[3];
    int header_have;
    unsigned char head[STAMP_BYTES];
    int head_have;
    int kind, length, payload_left;
    /* the rest of a frame the socket took only in part */
    int pending_off, pending_len;
    unsigned char pending[FRAME_BYTES];
};

/*
 * HdrHistogram's layout for values 1..60 s in microseconds at 3 significant digits (sub-bucket
 * count 2048, unit 1 us), so that p1/p50/p99/max come out exactly as Dist.ofMicros reports them:
 * exact below 2.048 ms, 16 us wide around 20 ms.
 */
#define SUB_HALF_MAG 10
#define SUB_HALF (1 << SUB_HALF_MAG)
#define SUB_COUNT (2 * SUB_HALF)
#define HIST_LEN (17 * SUB_HALF)       /* 16 buckets reach past 60 s: (16 + 1) * 1024 */

struct hist {
    uint64_t total;
    int64_t max;
    uint64_t counts[HIST_LEN];
};

static struct call *calls;
static int ncalls;
static int *bucket_calls[SLOTS];       /* call indexes by slot, in the order they connected */
static int bucket_size[SLOTS];
static int ep;
static struct sockaddr_storage peer;
static socklen_t peer_len;
static int first_port, port_count;
static int64_t epoch, last_slot, max_send_lag;
static int opened, active, refused, closed_count, connect_scan;
static int sending = 1, measuring;
static uint64_t sent_total, received_total;
static struct hist rtt, gap;
static unsigned char frame[FRAME_BYTES]; /* the audio frame: header, stamp (rewritten per send), tone */
static unsigned char rbuf[65536];
static char first_error[256];

static void die(const char *what) {
    perror(what);
    exit(1);
}

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t) t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Java's Math.round for the non-negative values used here. */
static double round_to(double v, int digits) {
    double f = pow(10, digits);
    return floor(v * f + 0.5) / f;
}

/* ---- histogram (HdrHistogram's arithmetic) ---------------------------------------------------- */

static int bucket_index(int64_t v) {
    return 53 - __builtin_clzll((uint64_t) v | (SUB_COUNT - 1));
}

static int64_t lowest_equivalent(int64_t v) {
    int b = bucket_index(v);
    return (v >> b) << b;
}

static int64_t highest_equivalent(int64_t v) {
    int b = bucket_index(v);
    int64_t sub = v >> b;
    return lowest_equivalent(v) + (1LL << (sub >= SUB_COUNT ? b + 1 : b)) - 1;
}

static void hist_record(struct hist *h, int64_t nanos) {
    int64_t v = nanos / 1000;
    if (v < 0) v = 0;
    if (v > MAX_MICROS) v = MAX_MICROS;
    int b = bucket_index(v);
    int sub = (int) (v >> b);
    h->counts[((b + 1) << SUB_HALF_MAG) + (sub - SUB_HALF)]++;
    h->total++;
    if (v > h->max) h->max = v;
}

static int64_t value_from_index(int i) {
    int b = (i >> SUB_HALF_MAG) - 1;
    int sub = (i & (SUB_HALF - 1)) + SUB_HALF;
    if (b < 0) {
        sub -= SUB_HALF;
        b = 0;
    }
    return (int64_t) sub << b;
}

/* AbstractHistogram.getValueAtPercentile. */
static int64_t hist_percentile(const struct hist *h, double percentile) {
    double p = nextafter(percentile, -INFINITY);
    p = p < 0 ? 0 : p > 100 ? 100 : p;
    int64_t at = (int64_t) ceil(p / 100.0 * (double) h->total);
    if (at < 1) at = 1;
    uint64_t seen = 0;
    for (int i = 0; i < HIST_LEN; i++) {
        seen += h->counts[i];
        if (seen >= (uint64_t) at) {
            int64_t v = value_from_index(i);
            return percentile == 0.0 ? lowest_equivalent(v) : highest_equivalent(v);
        }
    }
    return 0;
}

struct dist {
    uint64_t count;
    double p1, p50, p99, max;
};

static double ms(int64_t micros) {
    return floor(micros / 10.0 + 0.5) / 100.0;
}

/* Dist.ofMicros. */
static struct dist dist_of(const struct hist *h) {
    struct dist d = {0, 0, 0, 0, 0};
    if (h->total == 0) return d;
    d.count = h->total;
    d.p1 = ms(hist_percentile(h, 1));
    d.p50 = ms(hist_percentile(h, 50));
    d.p99 = ms(hist_percentile(h, 99));
    d.max = ms(h->max == 0 ? 0 : highest_equivalent(h->max));
    return d;
}

/* ---- /proc ------------------------------------------------------------------------------------ */

struct proc_sample {
    int ok;
    int64_t at;
    long long user_ticks, sys_ticks, rss_kib, hwm_kib;
    int threads;
};

static int read_file(const char *path, char *buf, size_t size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n < 0) return -1;
    buf[n] = 0;
    return (int) n;
}

static long long status_kib(const char *status, const char *key) {
    const char *p = strstr(status, key);
    return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

/* ProcSample.read: utime and stime (fields 14, 15), threads (20), VmRSS and VmHWM. */
static struct proc_sample proc_read(const char *pid) {
    struct proc_sample s = {0};
    char path[64], stat[4096], status[8192];
    s.at = now_ns();
    snprintf(path, sizeof path, "/proc/%s/stat", pid);
    if (read_file(path, stat, sizeof stat) < 0) return s;
    snprintf(path, sizeof path, "/proc/%s/status", pid);
    if (read_file(path, status, sizeof status) < 0) return s;
    char *p = strrchr(stat, ')'); /* the command name may hold spaces and parentheses */
    if (!p) return s;
    /* Token k after the name is field k + 3 (field 3 is the state letter). */
    char *f[18], *save;
    int k = 0;
    for (char *t = strtok_r(p + 1, " \n", &save); t && k < 18; t = strtok_r(NULL, " \n", &save)) f[k++] = t;
    if (k < 18) return s;
    s.user_ticks = strtoll(f[14 - 3], NULL, 10);
    s.sys_ticks = strtoll(f[15 - 3], NULL, 10);
    s.threads = (int) strtol(f[20 - 3], NULL, 10);
    s.rss_kib = status_kib(status, "VmRSS:");
    s.hwm_kib = status_kib(status, "VmHWM:");
    s.ok = 1;
    return s;
}

/* ProcWindow.between. */
struct proc_window {
    int ok;
    double seconds, cpu_percent, user_percent, sys_percent, ms_per_call_second, rss_mib, peak_rss_mib;
    int threads;
};

static struct proc_window proc_window(struct proc_sample a, struct proc_sample b, int legs) {
    struct proc_window w = {0};
    if (!a.ok || !b.ok) return w;
    double hz = (double) sysconf(_SC_CLK_TCK);
    double seconds = (b.at - a.at) / 1e9;
    double user_ms = (b.user_ticks - a.user_ticks) * 1000.0 / hz;
    double sys_ms = (b.sys_ticks - a.sys_ticks) * 1000.0 / hz;
    double cpu_ms = user_ms + sys_ms;
    w.ok = 1;
    w.seconds = round_to(seconds, 2);
    w.cpu_percent = round_to(seconds > 0 ? cpu_ms / (seconds * 10.0) : 0, 1);
    w.user_percent = round_to(seconds > 0 ? user_ms / (seconds * 10.0) : 0, 1);
    w.sys_percent = round_to(seconds > 0 ? sys_ms / (seconds * 10.0) : 0, 1);
    w.ms_per_call_second = legs > 0 && seconds > 0 ? round_to(cpu_ms / (legs * seconds), 4) : -1;
    w.rss_mib = round_to(b.rss_kib / 1024.0, 1);
    w.peak_rss_mib = round_to(b.hwm_kib / 1024.0, 1);
    w.threads = b.threads;
    return w;
}

/* ---- calls ------------------------------------------------------------------------------------ */

static void put32(unsigned char *b, uint32_t v) {
    b[0] = (unsigned char) (v >> 24);
    b[1] = (unsigned char) (v >> 16);
    b[2] = (unsigned char) (v >> 8);
    b[3] = (unsigned char) v;
}

static uint32_t get32(const unsigned char *b) {
    return (uint32_t) b[0] << 24 | (uint32_t) b[1] << 16 | (uint32_t) b[2] << 8 | b[3];
}

/* LoadGenerator.bucketOf: the golden ratio spreads every prefix of the calls over the slots. */
static int bucket_of(int index) {
    double frac = fmod(index * GOLDEN, 1.0);
    return (int) (frac * SLOTS) % SLOTS;
}

static void note_error(const char *fmt, ...) {
    if (first_error[0]) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(first_error, sizeof first_error, fmt, ap);
    va_end(ap);
}

static void watch(struct call *c, int op, uint32_t events) {
    struct epoll_event ev = {.events = events, .data.u32 = (uint32_t) (c - calls)};
    if (epoll_ctl(ep, op, c->fd, &ev) < 0) die("epoll_ctl");
}

static void refuse(struct call *c, int err) {
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
    c->state = REFUSED;
    refused++;
    note_error("call %d could not connect to port %d: %s", (int) (c - calls), c->port, strerror(err));
}

/* The connection ended (LoadLeg.channelInactive): a drop unless we were closing it. */
static void ended(struct call *c) {
    close(c->fd);
    c->fd = -1;
    if (c->closing) {
        c->state = CLOSED;
    } else {
        c->state = DROPPED;
        note_error("call %d dropped by the far end", (int) (c - calls));
    }
    active--;
    closed_count++;
}

/*
 * Writes one whole frame or none: EAGAIN skips it (counted by the caller), a partial write keeps
 * the rest to finish when the socket is writable. Returns 1 when the frame is on its way.
 */
static int send_whole(struct call *c, const unsigned char *b, int n) {
    ssize_t w = send(c->fd, b, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w == n) return 1;
    if (w < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK) ended(c);
        return 0;
    }
    memcpy(c->pending, b + w, n - w);
    c->pending_off = 0;
    c->pending_len = n - (int) w;
    watch(c, EPOLL_CTL_MOD, EPOLLIN | EPOLLOUT);
    return 1;
}

static void flush_pending(struct call *c) {
    ssize_t w = send(c->fd, c->pending + c->pending_off, c->pending_len, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK) ended(c);
        return;
    }
    c->pending_off += (int) w;
    c->pending_len -= (int) w;
    if (c->pending_len == 0) watch(c, EPOLL_CTL_MOD, EPOLLIN);
}

/* LoadLeg.channelActive: the call is up; its id frame goes first. */
static void connected(struct call *c) {
    int i = (int) (c - calls);
    c->state = ACTIVE;
    active++;
    int b = bucket_of(i);
    bucket_calls[b][bucket_size[b]++] = i;
    watch(c, EPOLL_CTL_MOD, EPOLLIN);
    unsigned char id[3 + 16] = {0x01, 0, 16};
    uint64_t msb = 0x52414d414c000000ULL | (uint64_t) i, lsb = (uint64_t) now_ns();
    put32(id + 3, (uint32_t) (msb >> 32));
    put32(id + 7, (uint32_t) msb);
    put32(id + 11, (uint32_t) (lsb >> 32));
    put32(id + 15, (uint32_t) lsb);
    send_whole(c, id, sizeof id);
}

static void open_call(int i, int64_t now) {
    struct call *c = &calls[i];
    c->state = CONNECTING;
    c->connect_deadline = now + CONNECT_TIMEOUT_NS;
    c->fd = socket(peer.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        refuse(c, errno);
        return;
    }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_storage a = peer;
    if (a.ss_family == AF_INET6) ((struct sockaddr_in6 *) &a)->sin6_port = htons((uint16_t) c->port);
    else ((struct sockaddr_in *) &a)->sin_port = htons((uint16_t) c->port);
    if (connect(c->fd, (struct sockaddr *) &a, peer_len) == 0) {
        watch(c, EPOLL_CTL_ADD, EPOLLIN);
        connected(c);
    } else if (errno == EINPROGRESS) {
        watch(c, EPOLL_CTL_ADD, EPOLLOUT);
    } else {
        refuse(c, errno);
    }
}

/* LoadCall.audio and LoadLeg.stamped/sinceLast, at arrival time now. */
static void audio(struct call *c, int64_t now) {
    if (c->head_have >= STAMP_BYTES && get32(c->head) == MAGIC) {
        if ((int) get32(c->head + 4) != (int) (c - calls)) {
            c->foreign++;
            return;
        }
        int s = (int) get32(c->head + 8);
        if (s <= c->last_seq) {
            c->duplicates++;
        } else {
            c->last_seq = s;
            c->received++;
            received_total++;
        }
        int64_t sent_at = (int64_t) ((uint64_t) get32(c->head + 12) << 32 | get32(c->head + 16));
        if (measuring) hist_record(&rtt, now - sent_at);
        if (!c->echoing) {
            c->echoing = 1;
            c->last_arrival = now;
            return;
        }
    } else if (!c->echoing) {
        c->priming_silence++; /* the far end's playout buffer priming: not part of the stream yet */
        return;
    } else if (measuring) {
        c->silence++; /* the far end ran dry */
    }
    int64_t g = now - c->last_arrival;
    c->last_arrival = now;
    if (measuring) {
        hist_record(&gap, g);
        if (g > GAP_LIMIT_NS) c->gaps_over_25++;
    }
}

static void frame_done(struct call *c, int64_t now) {
    c->header_have = 0;
    if (c->kind == 0x00) c->hung_up = 1;
    else if (c->kind >= 0x10 && c->kind <= 0x18) audio(c, now);
    else c->unexpected++;
}

/* FrameParser.feed: whole frames out of the bytes however TCP split them, keeping each payload's head. */
static void feed(struct call *c, const unsigned char *in, int n, int64_t now) {
    while (n > 0) {
        if (c->header_have < 3) {
            int k = 3 - c->header_have < n ? 3 - c->header_have : n;
            memcpy(c->header + c->header_have, in, k);
            c->header_have += k;
            in += k;
            n -= k;
            if (c->header_have < 3) return;
            c->kind = c->header[0];
            c->length = c->header[1] << 8 | c->header[2];
            c->payload_left = c->length;
            c->head_have = 0;
            if (c->length == 0) frame_done(c, now);
            continue;
        }
        int k = c->payload_left < n ? c->payload_left : n;
        int want = (c->length < STAMP_BYTES ? c->length : STAMP_BYTES) - c->head_have;
        if (want > 0) {
            int h = want < k ? want : k;
            memcpy(c->head + c->head_have, in, h);
            c->head_have += h;
        }
        in += k;
        n -= k;
        c->payload_left -= k;
        if (c->payload_left == 0) frame_done(c, now);
    }
}

static void readable(struct call *c) {
    for (;;) {
        ssize_t r = recv(c->fd, rbuf, sizeof rbuf, 0);
        if (r > 0) {
            feed(c, rbuf, (int) r, now_ns());
            if ((size_t) r < sizeof rbuf) return;
        } else if (r < 0 && errno == EINTR) {
            continue;
        } else {
            if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) ended(c);
            return;
        }
    }
}

static void on_event(uint32_t i, uint32_t events) {
    struct call *c = &calls[i];
    if (c->state == CONNECTING) {
        int err = 0;
        socklen_t len = sizeof err;
        if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
        if (err == 0 && (events & EPOLLOUT)) connected(c);
        else refuse(c, err ? err : ECONNREFUSED);
        return;
    }
    if (c->state != ACTIVE) return;
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) readable(c);
    if (c->state == ACTIVE && (events & EPOLLOUT) && c->pending_len > 0) flush_pending(c);
}

/* LoadGenerator.ramp: calls opened evenly over the ramp, the first at once. */
static void ramp(int64_t now, int64_t ramp_ns) {
    int64_t elapsed = now - epoch;
    int64_t due = ramp_ns == 0 ? ncalls : (int64_t) ((double) ncalls * (double) elapsed / (double) ramp_ns) + 1;
    if (due > ncalls) due = ncalls;
    while (opened < due) {
        int i = opened++;
        open_call(i, now);
    }
}

/* Netty's connect timeout: calls still connecting after 2 s are refused. Deadlines rise with the index. */
static void connect_timeouts(int64_t now) {
    while (connect_scan < opened && calls[connect_scan].state != CONNECTING) connect_scan++;
    for (int i = connect_scan; i < opened; i++) {
        if (calls[i].state != CONNECTING) continue;
        if (now < calls[i].connect_deadline) break;
        refuse(&calls[i], ETIMEDOUT);
    }
}

static void send_audio(struct call *c) {
    if (c->pending_len > 0) {
        c->send_blocked++; /* a frame is still half out: this one waits its turn no more than Asterisk would */
        return;
    }
    int i = (int) (c - calls);
    int64_t t = now_ns();
    put32(frame + 3, MAGIC);
    put32(frame + 7, (uint32_t) i);
    put32(frame + 11, (uint32_t) c->seq);
    put32(frame + 15, (uint32_t) ((uint64_t) t >> 32));
    put32(frame + 19, (uint32_t) t);
    if (send_whole(c, frame, FRAME_BYTES)) {
        c->seq++;
        c->sent++;
        sent_total++;
    } else if (c->state == ACTIVE) {
        c->send_blocked++; /* the far end stopped reading: Asterisk would block, we skip the frame */
    }
}

/* LoadGenerator.tick: every slot whose time has come, skipping ahead when more than two windows late. */
static void tick(int64_t now) {
    int64_t slot = (now - epoch) / SLOT_NS;
    if (slot - last_slot > 2LL * SLOTS) last_slot = slot - SLOTS;
    if (measuring) {
        int64_t lag = now - (epoch + (last_slot + 1) * SLOT_NS);
        if (lag > max_send_lag) max_send_lag = lag;
    }
    if (!sending) {
        last_slot = slot;
        return;
    }
    while (last_slot < slot) {
        last_slot++;
        int b = (int) (last_slot % SLOTS);
        for (int j = 0, n = bucket_size[b]; j < n; j++) {
            struct call *c = &calls[bucket_calls[b][j]];
            if (c->state == ACTIVE) send_audio(c);
        }
    }
}

/* ---- command line and report ------------------------------------------------------------------ */

static void usage(void) {
    fprintf(stderr,
            "usage: echo-load --target HOST:PORT[-PORT] --calls N [--ramp S] [--settle S] [--seconds WINDOW]\n"
            "                 [--tail S] [--server-pid PID] [--label L] [--json FILE]\n"
            "defaults as ramal loadtest: ramp max(1, ceil(N / 250)) s, settle 1 s, window 20 s, tail 2 s, label gateway\n");
    exit(2);
}

static double seconds_arg(const char *name, const char *v, double lo, double hi) {
    char *end;
    double d = strtod(v, &end);
    if (*end || !(d >= lo && d <= hi)) {
        fprintf(stderr, "%s=%s is invalid, allowed: %g..%g seconds\n", name, v, lo, hi);
        exit(2);
    }
    return d;
}

static int64_t millis_ns(double s) {
    return (int64_t) floor(s * 1000 + 0.5) * 1000000LL; /* Duration.ofMillis(Math.round(s * 1000)) */
}

/* Java's %.Nf of a value already rounded to `have` digits, rounding half up on the decimal digits. */
static const char *fixed(char *buf, double v, int have, int want) {
    long long u = (long long) floor(v * pow(10, have) + 0.5);
    long long div = 1;
    for (int k = want; k < have; k++) div *= 10;
    long long q = (u + div / 2) / div, scale = 1;
    for (int k = 0; k < want; k++) scale *= 10;
    if (want == 0) sprintf(buf, "%lld", q);
    else sprintf(buf, "%lld.%0*lld", q / scale, want, q % scale);
    return buf;
}

static void json_dist(FILE *f, const char *name, struct dist d) {
    fprintf(f, "\"%s\":{\"count\":%llu,\"p1\":%.2f,\"p50\":%.2f,\"p99\":%.2f,\"max\":%.2f}", name,
            (unsigned long long) d.count, d.p1, d.p50, d.p99, d.max);
}

static void json_proc(FILE *f, const char *name, struct proc_window w, long pid, const char *found_by) {
    if (!w.ok) {
        fprintf(f, "\"%s\":null", name);
        return;
    }
    fprintf(f, "\"%s\":{\"pid\":%ld,\"foundBy\":\"%s\",\"seconds\":%.2f,\"cpuPercentOfCore\":%.1f,\"userPercent\":%.1f,"
               "\"sysPercent\":%.1f,", name, pid, found_by, w.seconds, w.cpu_percent, w.user_percent, w.sys_percent);
    if (w.ms_per_call_second < 0) fprintf(f, "\"cpuMsPerCallSecond\":null,");
    else fprintf(f, "\"cpuMsPerCallSecond\":%.4f,", w.ms_per_call_second);
    fprintf(f, "\"rssMiB\":%.1f,\"peakRssMiB\":%.1f,\"threads\":%d}", w.rss_mib, w.peak_rss_mib, w.threads);
}

static void json_string(FILE *f, const char *s) {
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fprintf(f, "\\%c", *s);
        else if ((unsigned char) *s < 0x20) fprintf(f, "\\u%04x", *s);
        else fputc(*s, f);
    }
    fputc('"', f);
}

int main(int argc, char **argv) {
    const char *target = NULL, *label = "gateway", *json = NULL, *server_pid = NULL;
    double ramp_s = -1, settle_s = 1, window_s = 20, tail_s = 2;
    for (int i = 1; i < argc; i++) {
        if (i + 1 >= argc) usage();
        const char *k = argv[i], *v = argv[++i];
        if (!strcmp(k, "--target")) target = v;
        else if (!strcmp(k, "--calls")) ncalls = atoi(v);
        else if (!strcmp(k, "--ramp")) ramp_s = seconds_arg(k, v, 0, 3600);
        else if (!strcmp(k, "--settle")) settle_s = seconds_arg(k, v, 0, 3600);
        else if (!strcmp(k, "--seconds")) window_s = seconds_arg(k, v, 0.001, 86400);
        else if (!strcmp(k, "--tail")) tail_s = seconds_arg(k, v, 0, 3600);
        else if (!strcmp(k, "--server-pid")) server_pid = v;
        else if (!strcmp(k, "--label")) label = v;
        else if (!strcmp(k, "--json")) json = v;
        else usage();
    }
    if (!target || ncalls < 1 || ncalls > MAX_CALLS) {
        fprintf(stderr, "--target is required and --calls must be 1..%d\n", MAX_CALLS);
        usage();
    }
    if (server_pid && (strtol(server_pid, NULL, 10) <= 0 || strspn(server_pid, "0123456789") != strlen(server_pid))) {
        fprintf(stderr, "--server-pid=%s is invalid, expected a process id\n", server_pid);
        return 2;
    }
    if (ramp_s < 0) ramp_s = fmax(1, ceil(ncalls / 250.0)); /* Scenario.defaultRampSeconds */

    /* HOST:PORT or HOST:FIRST-LAST, IPv6 hosts in brackets; calls round-robin over the ports. */
    char host[256];
    const char *colon = strrchr(target, ':');
    if (!colon || colon == target || (size_t) (colon - target) >= sizeof host) {
        fprintf(stderr, "--target %s is invalid, expected HOST:PORT[-PORT]\n", target);
        return 2;
    }
    memcpy(host, target, colon - target);
    host[colon - target] = 0;
    if (host[0] == '[' && host[strlen(host) - 1] == ']') {
        memmove(host, host + 1, strlen(host));
        host[strlen(host) - 1] = 0;
    }
    int last_port;
    int got = sscanf(colon + 1, "%d-%d", &first_port, &last_port);
    if (got == 1) last_port = first_port;
    if (got < 1 || first_port < 1 || last_port > 65535 || last_port < first_port) {
        fprintf(stderr, "--target %s is invalid, expected HOST:PORT[-PORT] with ports 1..65535\n", target);
        return 2;
    }
    port_count = last_port - first_port + 1;
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai;
    int gai = getaddrinfo(host, NULL, &hints, &ai);
    if (gai != 0) {
        fprintf(stderr, "--target %s: %s\n", target, gai_strerror(gai));
        return 2;
    }
    memcpy(&peer, ai->ai_addr, ai->ai_addrlen);
    peer_len = ai->ai_addrlen;
    freeaddrinfo(ai);

    /* Every call needs a descriptor: raise the soft limit as far as the hard one allows. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }

    calls = calloc(ncalls, sizeof *calls);
    if (!calls) die("calloc");
    for (int i = 0; i < ncalls; i++) {
        calls[i].fd = -1;
        calls[i].last_seq = -1;
        calls[i].port = first_port + i % port_count;
        bucket_size[bucket_of(i)]++;
    }
    for (int b = 0; b < SLOTS; b++) {
        bucket_calls[b] = calloc(bucket_size[b] + 1, sizeof(int));
        if (!bucket_calls[b]) die("calloc");
        bucket_size[b] = 0;
    }
    /* LoadGenerator.frameTemplate: a 440 Hz tone at a tenth of full scale, the stamp over its start. */
    frame[0] = 0x10;
    frame[1] = PAYLOAD >> 8;
    frame[2] = PAYLOAD & 0xff;
    double phase = 0, step = 2 * M_PI * 440 / 8000;
    for (int s = 0; s < PAYLOAD / 2; s++) {
        int v = (int) floor(0.1 * 32767 * sin(phase) + 0.5);
        frame[3 + 2 * s] = (unsigned char) v;
        frame[4 + 2 * s] = (unsigned char) (v >> 8);
        phase += step;
        if (phase >= 2 * M_PI) phase -= 2 * M_PI;
    }

    ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (tfd < 0) die("timerfd_create");
    struct epoll_event tev = {.events = EPOLLIN, .data.u32 = TIMER_TAG};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &tev) < 0) die("epoll_ctl");

    int64_t ramp_ns = millis_ns(ramp_s), settle_ns = millis_ns(settle_s);
    int64_t window_ns = millis_ns(window_s), tail_ns = millis_ns(tail_s);
    epoch = now_ns();
    last_slot = -1;
    int64_t window_start = epoch + ramp_ns + settle_ns, window_end = window_start + window_ns, tail_end = 0;
    int in_window = 0, window_done = 0;
    struct proc_sample server[2] = {{0}}, self[2] = {{0}};
    /* Absolute slot times, epoch + n ms, so the pace does not drift. */
    int64_t first = epoch + SLOT_NS;
    struct itimerspec its = {.it_interval = {0, SLOT_NS},
                             .it_value = {first / 1000000000LL, first % 1000000000LL}};
    if (timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL) < 0) die("timerfd_settime");
    ramp(epoch, ramp_ns);

    struct epoll_event events[1024];
    for (int running = 1; running;) {
        int n = epoll_wait(ep, events, 1024, -1);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int e = 0; e < n; e++) {
            if (events[e].data.u32 != TIMER_TAG) {
                on_event(events[e].data.u32, events[e].events);
                continue;
            }
            uint64_t expirations;
            if (read(tfd, &expirations, sizeof expirations) != sizeof expirations) continue;
            int64_t now = now_ns();
            if (opened < ncalls) ramp(now, ramp_ns);
            connect_timeouts(now);
            if (!in_window && now >= window_start) {
                measuring = 1;
                in_window = 1;
                if (server_pid) server[0] = proc_read(server_pid);
                self[0] = proc_read("self");
            }
            if (in_window && !window_done && now >= window_end) {
                measuring = 0;
                sending = 0;
                window_done = 1;
                if (server_pid) server[1] = proc_read(server_pid);
                self[1] = proc_read("self");
                tail_end = now + tail_ns;
            }
            tick(now);
            /* The last echoes are still in the far end's playout buffer: let them come back. */
            if (window_done && (now >= tail_end || !(active > 0 && sent_total > received_total))) running = 0;
        }
    }
    for (int i = 0; i < ncalls; i++) {
        struct call *c = &calls[i];
        c->closing = 1;
        if (c->state == ACTIVE) ended(c);
        else if (c->state == CONNECTING) refuse(c, ECANCELED);
    }

    /* LoadGenerator.result. */
    uint64_t sent = 0, received = 0, duplicates = 0, foreign = 0, priming = 0, silence = 0, blocked = 0, over = 0;
    int calls_over = 0, connected_calls = 0, dropped = 0;
    for (int i = 0; i < ncalls; i++) {
        struct call *c = &calls[i];
        sent += c->sent;
        received += c->received;
        duplicates += c->duplicates;
        foreign += c->foreign;
        priming += c->priming_silence;
        silence += c->silence;
        blocked += c->send_blocked;
        over += c->gaps_over_25;
        calls_over += c->gaps_over_25 > 0;
        connected_calls += c->state == CLOSED || c->state == DROPPED;
        dropped += c->state == DROPPED || (c->state == CLOSED && c->hung_up);
    }
    long long lost = (long long) sent - (long long) received;
    struct dist r = dist_of(&rtt), g = dist_of(&gap);
    double lag_ms = floor(max_send_lag / 10000.0 + 0.5) / 100.0; /* Math.round(ns / 10_000.0) / 100.0 */
    struct proc_window sw = proc_window(server[0], server[1], ncalls), lw = proc_window(self[0], self[1], 0);
    char load_avg[64] = "";
    char la[256];
    if (read_file("/proc/loadavg", la, sizeof la) > 0) {
        char a[16], b[16], c[16];
        if (sscanf(la, "%15s %15s %15s", a, b, c) == 3) snprintf(load_avg, sizeof load_avg, "%s %s %s", a, b, c);
    }
    /* RunReport.passes: LoadResult.clean(25.0). */
    int clean = lost == 0 && refused == 0 && dropped == 0 && blocked == 0 && g.count > 0 && g.p99 <= 25.0;

    char b1[32], b2[32], b3[32], b4[32], b5[32], b6[32], b7[32], b8[32], b9[32], b10[32], b11[32], b12[32];
    printf("| server | calls | refused | dropped | sent | lost | rtt p50 / p99 / max ms | gap p1 / p50 / p99 / max ms "
           "| gaps > 25 ms | server CPU %% core | CPU ms per call-s | server RSS MiB | loadgen CPU %% | load avg | clean |\n"
           "|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---|---|\n");
    printf("| %s | %d | %d | %d | %llu | %lld | %s / %s / %s | %s / %s / %s / %s | %llu | %s | %s | %s | %s | %s | %s |\n",
           label, ncalls, refused, dropped, (unsigned long long) sent, lost,
           fixed(b1, r.p50, 2, 1), fixed(b2, r.p99, 2, 1), fixed(b3, r.max, 2, 1),
           fixed(b4, g.p1, 2, 1), fixed(b5, g.p50, 2, 1), fixed(b6, g.p99, 2, 1), fixed(b7, g.max, 2, 1),
           (unsigned long long) over,
           sw.ok ? fixed(b8, sw.cpu_percent, 1, 1) : "n/a",
           sw.ok && sw.ms_per_call_second >= 0 ? fixed(b9, sw.ms_per_call_second, 4, 3) : "n/a",
           sw.ok ? fixed(b10, sw.rss_mib, 1, 1) : "n/a",
           lw.ok ? fixed(b11, lw.cpu_percent, 1, 1) : "n/a", load_avg, clean ? "yes" : "no");
    fflush(stdout);
    fprintf(stderr, "%s: %d calls to %s, ramp %s s, window %s s; echoes %llu/%llu, duplicates %llu, foreign %llu, "
                    "priming silence %llu (ignored), underrun silence %llu, send blocked %llu, calls with a gap > 25 ms %d, "
                    "loadgen ticker max lag %.2f ms, loadgen CPU user %.1f sys %.1f%%\n",
            label, ncalls, target, fixed(b12, ramp_ns / 1e9, 3, 0), fixed(b1, window_ns / 1e9, 3, 0),
            (unsigned long long) received, (unsigned long long) sent, (unsigned long long) duplicates,
            (unsigned long long) foreign, (unsigned long long) priming, (unsigned long long) silence,
            (unsigned long long) blocked, calls_over, lag_ms, lw.user_percent, lw.sys_percent);
    if (first_error[0]) fprintf(stderr, "%s first problem: %s\n", label, first_error);
    if (server_pid && !sw.ok) fprintf(stderr, "server: process %s could not be read from /proc\n", server_pid);

    if (json) {
        FILE *f = fopen(json, "w");
        if (!f) die(json);
        fprintf(f, "{\"label\":");
        json_string(f, label);
        fprintf(f, ",\"scenario\":\"custom\",\"generator\":\"c\",\"load\":{\"target\":");
        json_string(f, target);
        fprintf(f, ",\"calls\":%d,\"rampSeconds\":%.3f,\"windowSeconds\":%.3f,\"connected\":%d,\"refused\":%d,"
                   "\"dropped\":%d,\"sent\":%llu,\"received\":%llu,\"lost\":%lld,\"duplicates\":%llu,\"foreign\":%llu,"
                   "\"primingSilence\":%llu,\"silence\":%llu,\"sendBlocked\":%llu,",
                ncalls, ramp_ns / 1e9, window_ns / 1e9, connected_calls, refused, dropped, (unsigned long long) sent,
                (unsigned long long) received, lost, (unsigned long long) duplicates, (unsigned long long) foreign,
                (unsigned long long) priming, (unsigned long long) silence, (unsigned long long) blocked);
        json_dist(f, "rttMs", r);
        fputc(',', f);
        json_dist(f, "gapMs", g);
        fprintf(f, ",\"gapsOver25ms\":%llu,\"callsWithGapOver25ms\":%d,\"maxSendLagMs\":%.2f,\"perCall\":null},",
                (unsigned long long) over, calls_over, lag_ms);
        json_proc(f, "server", sw, server_pid ? strtol(server_pid, NULL, 10) : 0, "--server-pid");
        fputc(',', f);
        json_proc(f, "loadgen", lw, (long) getpid(), "self");
        fprintf(f, ",\"loadAverage\":");
        if (load_avg[0]) json_string(f, load_avg);
        else fprintf(f, "null");
        fprintf(f, ",\"note\":");
        if (!server_pid) json_string(f, "no --server-pid given");
        else if (!sw.ok) fprintf(f, "\"process %s could not be read from /proc\"", server_pid);
        else fprintf(f, "null");
        fprintf(f, ",\"clean\":%s}\n", clean ? "true" : "false");
        if (fclose(f) != 0) die(json);
    }
    return 0;
}
