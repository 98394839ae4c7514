package io.ramal.gateway.records;

import io.ramal.extensions.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Writes one kind of record (call records or queue events) to its {@link RecordSink} without
 * ever making the caller wait, and without losing one. {@link #offer} is lock-free: an event
 * loop or the matchmaker hands a record over and returns. An {@link ElasticPool} of workers takes
 * batches from the memory queue and writes them.
 *
 * <p>When the store is slow, records wait in memory up to {@code memory-queue} and the oldest
 * beyond that spill to the {@link Spool}. When it cannot take writes (the database is away), the
 * batch in hand and every record that comes go to the spool (fsync'd, so a kill loses none), and
 * one worker retries every {@code retry-interval}. While the spool holds records, it is replayed first, by one worker at a
 * time and in the order written, before memory is written directly again, so records reach the
 * store in the order they were spooled. On {@link #close} the workers get {@code drain-timeout}
 * to write what is left; the rest is spooled for the next start. A record the store refuses as
 * such (a value it cannot hold) is written alone to {@code <name>.rejected} beside the spool, with
 * an ERROR, so one bad record never holds up the others.
 */
final class RecordWriter<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("ramal.records");

    private final String name;
    private final RecordSink<T> sink;
    private final Spool<T> spool;
    private final Consumer<T> reject;
    private final RecordsSettings settings;
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong size = new AtomicLong();
    private final Set<List<T>> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean replaying = new AtomicBoolean();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final ElasticPool pool;
    private final long retryNanos;
    private volatile boolean down;
    private volatile long downSince;
    private volatile long retryAt;
    private volatile boolean closed;
    /** The spool refused a write and has not taken one since: its error was logged once. */
    private volatile boolean spoolFailing;

    /** @param reject where a record the store refuses goes (a file beside the spool) */
    RecordWriter(String name, RecordSink<T> sink, Spool<T> spool, Consumer<T> reject, RecordsSettings s,
                 ElasticPool.Budget budget) {
        this.name = name;
        this.sink = sink;
        this.spool = spool;
        this.reject = reject;
        this.settings = s;
        this.retryNanos = s.retryInterval().toNanos();
        this.pool = new ElasticPool(name, budget, s.minThreads(), s.maxThreads(), s.jobsPerWorker(),
                s.evaluateInterval().toNanos(), TimeUnit.MILLISECONDS.toNanos(20), this::backlog, this::step);
    }

    /** Starts the workers (the spool left by a previous run replays first). */
    RecordWriter<T> start() {
        pool.start();
        return this;
    }

    /** Hands over a record. Lock-free, never blocks: from an event loop or the matchmaker. */
    void offer(T record) {
        if (closed) {
            // Nothing can end after the writer closed but a straggler: keep it, on the caller's thread.
            try {
                spool.append(List.of(record));
                spooled.incrementAndGet();
                LOG.warn("pool={} record after close, spooled", name);
            } catch (RuntimeException e) {
                LOG.error("pool={} record after close could not be spooled, it is only here record=\"{}\"", name,
                        LogText.escape(String.valueOf(record), 2048));
            }
            return;
        }
        queue.offer(record);
        pool.nudge(size.incrementAndGet() + spool.pending());
    }

    /** Records not yet in the store: in memory, being written, and spooled. */
    long backlog() {
        long f = 0;
        for (List<T> b : inFlight) {
            f += b.size();
        }
        return size.get() + f + spool.pending();
    }

    long threads() {
        return pool.threads();
    }

    long written() {
        return written.get();
    }

    long spooledTotal() {
        return spooled.get();
    }

    long rejected() {
        return rejected.get();
    }

    long spoolPending() {
        return spool.pending();
    }

    boolean down() {
        return down;
    }

    String name() {
        return name;
    }

    /** One worker step: replay the spool, or write a batch from memory; false when there was nothing to do. */
    private boolean step() {
        if (down) {
            // While the store is away, records go to disk as they come: a kill then loses none.
            spill(0);
            if (System.nanoTime() - retryAt < 0) {
                return false;
            }
        } else {
            spill(settings.memoryQueue());
        }
        if (spool.pending() > 0) {
            return replay();
        }
        List<T> batch = take(settings.batchSize());
        if (batch.isEmpty()) {
            return false;
        }
        inFlight.add(batch);
        try {
            if (!writeOrReject(batch)) {
                toSpool(batch); // keeps the order: memory holds only newer records
            }
        } finally {
            inFlight.remove(batch);
        }
        return true;
    }

    /** Replays one chunk of the spool; one worker at a time, so the order holds. */
    private boolean replay() {
        if (!replaying.compareAndSet(false, true)) {
            return false;
        }
        try {
            Spool.Chunk<T> c = spool.read(settings.batchSize());
            if (c.lines() == 0) {
                return false;
            }
            if (c.records().isEmpty() || writeOrReject(c.records())) {
                spool.commit(c);
                return true;
            }
            return false;
        } finally {
            replaying.set(false);
        }
    }

    /**
     * Writes {@code batch}; true when every record is in the store or rejected, false when the
     * store cannot take writes now (the writer is then down until a retry succeeds).
     */
    private boolean writeOrReject(List<T> batch) {
        try {
            sink.write(batch);
            written.addAndGet(batch.size());
            up();
            return true;
        } catch (RecordSink.WriteException e) {
            if (e.retry()) {
                down(e);
                return false;
            }
        }
        // The store refused the batch: write one at a time so only the bad ones are set aside.
        for (T r : batch) {
            try {
                sink.write(List.of(r));
                written.incrementAndGet();
            } catch (RecordSink.WriteException e) {
                if (e.retry()) {
                    down(e);
                    return false; // the ones already written are kept once on the retry
                }
                rejected.incrementAndGet();
                LOG.error("pool={} record refused by the store, set aside reason=\"{}\" record=\"{}\"", name,
                        LogText.escape(e.getMessage(), 1024), LogText.escape(String.valueOf(r), 1024));
                reject.accept(r);
            }
        }
        up();
        return true;
    }

    private void down(RecordSink.WriteException e) {
        retryAt = System.nanoTime() + retryNanos;
        if (!down) {
            downSince = System.nanoTime();
            down = true;
            LOG.warn("pool={} store down, records wait in memory (up to {}) then in spool={} reason=\"{}\"", name,
                    settings.memoryQueue(), spool.file(), LogText.escape(e.getMessage(), 1024));
        }
    }

    private void up() {
        if (down) {
            down = false;
            LOG.info("pool={} store back down-ms={} spooled-pending={} memory={}", name,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSince), spool.pending(), size.get());
        }
    }

    /** The oldest records beyond {@code keep} go to the spool, in order. */
    private void spill(int keep) {
        while (size.get() > keep) {
            List<T> b = take((int) Math.min(settings.batchSize(), size.get() - keep));
            if (b.isEmpty()) {
                return;
            }
            inFlight.add(b); // counted in the backlog while on its way to disk
            try {
                if (!toSpool(b)) {
                    return;
                }
            } finally {
                inFlight.remove(b);
            }
        }
    }

    /**
     * Appends {@code batch} to the spool; when the disk refuses (full, read-only), the records go
     * back to memory, out of order but kept, and the spool is tried again at the next step. The
     * first failure of a run of them is logged.
     */
    private boolean toSpool(List<T> batch) {
        try {
            synchronized (spool) { // two workers spilling must not swap their batches' order
                spool.append(batch);
            }
            spooled.addAndGet(batch.size());
            if (spoolFailing) {
                spoolFailing = false;
                LOG.info("pool={} spool writable again file={}", name, spool.file());
            }
            return true;
        } catch (RuntimeException e) {
            if (!spoolFailing) {
                spoolFailing = true;
                LOG.error("pool={} spool cannot be written, records stay in memory reason=\"{}\"", name,
                        LogText.escape(e.getMessage(), 1024));
            }
            for (T r : batch) {
                queue.offer(r);
            }
            size.addAndGet(batch.size());
            return false;
        }
    }

    private List<T> take(int max) {
        List<T> b = new ArrayList<>(Math.min(max, 64));
        T r;
        while (b.size() < max && (r = queue.poll()) != null) {
            b.add(r);
        }
        size.addAndGet(-b.size());
        return b;
    }

    /**
     * Gives the workers {@code drain-timeout} to write what is left, stops them, and spools what is
     * still in memory or in a write that did not finish (kept once if that write lands after all).
     */
    @Override
    public void close() {
        close(System.nanoTime() + settings.drainTimeout().toNanos());
    }

    /** As {@link #close()}, writing until {@code deadline} ({@link System#nanoTime()}), shared with the other pool. */
    void close(long deadline) {
        pool.nudge(Long.MAX_VALUE);
        while (backlog() > 0 && !down && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        closed = true;
        pool.close(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 1000);
        List<T> rest = new ArrayList<>();
        for (List<T> b : inFlight) {
            rest.addAll(b);
        }
        rest.addAll(take(Integer.MAX_VALUE));
        synchronized (spool) {
            spool.append(rest);
        }
        spooled.addAndGet(rest.size());
        LOG.info("pool={} stopped written={} spooled-now={} spool-pending={} spool={}", name, written.get(),
                rest.size(), spool.pending(), spool.file());
        spool.close();
        sink.close();
    }
}
