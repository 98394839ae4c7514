package io.ramal.gateway.records;

import io.ramal.extensions.ConfigSection;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code records:} section: how call records and queue events are written. Two pools (call
 * records and queue events) each grow to {@code ceil(backlog / jobs-per-worker)} threads, within
 * {@code max-threads} each and {@code max-threads-total} together.
 *
 * @param enabled           whether calls and queue events are recorded at all
 * @param jobsPerWorker     records one writer thread is expected to keep up with: threads = ceil(backlog / this)
 * @param minThreads        threads each pool keeps even when idle (so one record is written at once)
 * @param maxThreads        most threads of one pool
 * @param maxThreadsTotal   most threads of both pools together
 * @param evaluateInterval  how often each pool re-evaluates its size (and at once when the backlog jumps)
 * @param batchSize         most records in one batched insert
 * @param memoryQueue       records held in memory per pool; beyond, the oldest spill to the spool file
 * @param retryInterval     while the database is away, how often the writers try again
 * @param drainTimeout      on stop, how long the pools may write what is left before the rest is spooled
 * @param spoolDir          where records wait on disk while the database is away (append-only, fsync'd)
 * @param filesDir          without a database, where the daily JSON-lines files go
 */
public record RecordsSettings(boolean enabled, int jobsPerWorker, int minThreads, int maxThreads,
                              int maxThreadsTotal, Duration evaluateInterval, int batchSize, int memoryQueue,
                              Duration retryInterval, Duration drainTimeout, String spoolDir, String filesDir) {

    /** Every default. */
    public static final RecordsSettings DEFAULTS = from(Map.of());

    public RecordsSettings {
        if (minThreads > maxThreads) {
            throw new IllegalArgumentException("records.min-threads=" + minThreads + " is above records.max-threads="
                    + maxThreads);
        }
        if (maxThreads > maxThreadsTotal) {
            throw new IllegalArgumentException("records.max-threads=" + maxThreads
                    + " is above records.max-threads-total=" + maxThreadsTotal);
        }
    }

    public static RecordsSettings from(Map<String, ?> values) {
        ConfigSection s = new ConfigSection("records", values);
        RecordsSettings r = new RecordsSettings(
                s.bool("enabled", true),
                s.integer("jobs-per-worker", 50, 1, 1_000_000),
                s.integer("min-threads", 1, 1, 100),
                s.integer("max-threads", 10, 1, 100),
                s.integer("max-threads-total", 20, 2, 200),
                s.duration("evaluate-interval", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(10)),
                s.integer("batch-size", 500, 1, 10_000),
                s.integer("memory-queue", 10_000, 100, 10_000_000),
                s.duration("retry-interval", Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMinutes(10)),
                s.duration("drain-timeout", Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(10)),
                s.string("spool-dir", "var/spool"),
                s.string("files-dir", "var/records"));
        s.finish();
        return r;
    }
}
