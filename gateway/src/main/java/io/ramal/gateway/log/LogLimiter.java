package io.ramal.gateway.log;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Rate limit of one kind of log line (one extension's protocol errors, say): the first line is
 * written at once, then at most one per window (a minute by default), and that line carries the
 * number of lines suppressed since the previous one, as {@code suppressed=N}. What the log no
 * longer shows, the counters in {@code /metrics} still do.
 *
 * <pre>{@code
 * long suppressed = limiter.acquire();
 * if (suppressed >= 0) {
 *     LOG.warn("protocol error ramal={} reason=\"{}\" suppressed={}", ramal, reason, suppressed);
 * }
 * }</pre>
 *
 * <p>Lock-free and safe from any thread (one extension's calls run on every event loop); the
 * suppressed path is one clock read, one compare and one atomic increment, and allocates nothing.
 * The clock is in nanoseconds and given, so tests drive it.
 */
public final class LogLimiter {

    /** The default window: at most one line a minute after the first. */
    public static final Duration WINDOW = Duration.ofMinutes(1);

    private final LongSupplier nanoClock;
    private final long windowNanos;
    /** When the next line may be written; the clock's reading at construction, so the first goes at once. */
    private final AtomicLong nextAt;
    private final AtomicLong suppressed = new AtomicLong();

    /** A limiter of one line a minute on {@link System#nanoTime()}. */
    public LogLimiter() {
        this(System::nanoTime, WINDOW);
    }

    public LogLimiter(LongSupplier nanoClock, Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("window " + window + " is negative");
        }
        this.nanoClock = nanoClock;
        this.windowNanos = window.toNanos();
        this.nextAt = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Whether to write the line now: -1 when it is suppressed (and counted), else the number of
     * lines suppressed since the last one written (0 for the first), to be logged with it.
     */
    public long acquire() {
        long now = nanoClock.getAsLong();
        long next = nextAt.get();
        if (now - next >= 0 && nextAt.compareAndSet(next, now + windowNanos)) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }

    /**
     * For the once-a-minute summary: when lines were suppressed and the window since the last line
     * has passed, takes their count (and starts a new window, as a written line would); else -1.
     * So a flood that stops is still reported, a minute after its last written line at most.
     */
    public long takeSummary() {
        if (suppressed.get() == 0) {
            return -1;
        }
        long now = nanoClock.getAsLong();
        long next = nextAt.get();
        if (now - next >= 0 && nextAt.compareAndSet(next, now + windowNanos)) {
            long n = suppressed.getAndSet(0);
            return n > 0 ? n : -1;
        }
        return -1;
    }

    /** True when nothing is suppressed and the window has passed: the next line would go at once. */
    public boolean idle() {
        return suppressed.get() == 0 && nanoClock.getAsLong() - nextAt.get() >= 0;
    }

    /** Lines suppressed since the last one written. */
    public long suppressed() {
        return suppressed.get();
    }
}
