package io.ramal.gateway.log;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Rate limits of one kind of log line per key, such as the source address of a refused
 * connection: each key has its own {@link LogLimiter} (its first line at once, then at most one a
 * window with the count since). Bounded, since the keys come from the network: at most
 * {@code capacity} keys are tracked, and past that every other key shares one limiter, so a scan
 * from a million addresses holds {@code capacity} entries and writes at most {@code capacity + 1}
 * lines a window. {@link #summarize} drops the keys whose window passed with nothing suppressed.
 *
 * <p>Safe from any thread. A known key costs one map lookup; a new key one insertion; the map may
 * pass {@code capacity} by as many keys as threads insert at the same moment, no more.
 */
public final class KeyedLogLimiter<K> {

    /** What a summary reports: a key (null for the untracked ones) and the lines suppressed since its last. */
    @FunctionalInterface
    public interface Summary<K> {
        void suppressed(K key, long count);
    }

    private final int capacity;
    private final LongSupplier nanoClock;
    private final Duration window;
    private final Map<K, LogLimiter> byKey = new ConcurrentHashMap<>();
    private final LogLimiter others;

    /** One line a minute per key on {@link System#nanoTime()}, {@code capacity} keys at most. */
    public KeyedLogLimiter(int capacity) {
        this(capacity, System::nanoTime, LogLimiter.WINDOW);
    }

    public KeyedLogLimiter(int capacity, LongSupplier nanoClock, Duration window) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is invalid, allowed: 1 or more");
        }
        this.capacity = capacity;
        this.nanoClock = nanoClock;
        this.window = window;
        this.others = new LogLimiter(nanoClock, window);
    }

    /** The limiter of {@code key}'s lines: its own, or the shared one of untracked keys (when full, or null). */
    public LogLimiter of(K key) {
        if (key == null) {
            return others;
        }
        LogLimiter l = byKey.get(key);
        if (l != null) {
            return l;
        }
        if (byKey.size() >= capacity) {
            return others;
        }
        return byKey.computeIfAbsent(key, k -> new LogLimiter(nanoClock, window));
    }

    /** True when {@code limiter} is the one untracked keys share. */
    public boolean isOthers(LogLimiter limiter) {
        return limiter == others;
    }

    /** Keys tracked now. */
    public int tracked() {
        return byKey.size();
    }

    /**
     * Reports each key whose lines were suppressed and whose window has passed (as
     * {@link LogLimiter#takeSummary()}), the untracked ones last with a null key, and forgets the
     * keys that went a whole window without a line. A key forgotten just as a line of it comes
     * may write its next line at once: one line early, never a count lost from the metrics.
     */
    public void summarize(Summary<K> summary) {
        for (Map.Entry<K, LogLimiter> e : byKey.entrySet()) {
            LogLimiter l = e.getValue();
            long n = l.takeSummary();
            if (n > 0) {
                summary.suppressed(e.getKey(), n);
            } else if (l.idle()) {
                byKey.remove(e.getKey(), l);
            }
        }
        long n = others.takeSummary();
        if (n > 0) {
            summary.suppressed(null, n);
        }
    }
}
