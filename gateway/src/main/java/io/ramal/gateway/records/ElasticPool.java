package io.ramal.gateway.records;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Worker threads that follow their backlog: {@code threads = ceil(backlog / jobs-per-worker)},
 * at least {@code min} and at most {@code max}, and never more than the {@link Budget} shared with
 * the other pools allows. It re-evaluates every {@code evaluate-interval} and at once when
 * {@link #nudge} says the backlog jumped. It grows by starting threads; it shrinks by lowering its
 * target, and surplus threads exit the next time they find nothing to do. Each decision is logged
 * once, on one line of the {@code ramal.records} logger:
 * {@code pool=call-records scale up backlog=322 threads 2->7}.
 *
 * <p>{@link #nudge} is lock-free (an unpark), so an event loop may call it.
 */
final class ElasticPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("ramal.records");

    /** What a worker does: one step, returning false when there was nothing to do. */
    @FunctionalInterface
    interface Work {
        boolean step() throws InterruptedException;
    }

    /** Threads all pools may hold together ({@code records.max-threads-total}). */
    static final class Budget {
        private final AtomicInteger left;

        Budget(int total) {
            left = new AtomicInteger(total);
        }

        /** Takes up to {@code n} threads; returns how many it got. */
        int take(int n) {
            while (true) {
                int l = left.get();
                int got = Math.min(l, n);
                if (got <= 0 || left.compareAndSet(l, l - got)) {
                    return Math.max(got, 0);
                }
            }
        }

        void give(int n) {
            left.addAndGet(n);
        }
    }

    private final String name;
    private final Budget budget;
    private final int min;
    private final int max;
    private final int jobsPerWorker;
    private final long evaluateNanos;
    private final long idleNanos;
    private final LongSupplier backlog;
    private final Work work;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger target = new AtomicInteger();
    private final AtomicInteger serial = new AtomicInteger();
    private final AtomicBoolean nudged = new AtomicBoolean();
    private final Thread evaluator;
    private volatile boolean closed;
    private volatile long lastBacklog;
    private String lastDecision = "";

    /**
     * @param idleNanos how long an idle worker waits before looking again (it is woken sooner by {@link #nudge})
     */
    ElasticPool(String name, Budget budget, int min, int max, int jobsPerWorker, long evaluateNanos, long idleNanos,
                LongSupplier backlog, Work work) {
        this.name = name;
        this.budget = budget;
        this.min = min;
        this.max = max;
        this.jobsPerWorker = jobsPerWorker;
        this.evaluateNanos = evaluateNanos;
        this.idleNanos = idleNanos;
        this.backlog = backlog;
        this.work = work;
        this.evaluator = new Thread(this::evaluateLoop, "ramal-records-" + name + "-pool");
        evaluator.setDaemon(true);
    }

    /** Starts the evaluator, which starts the first workers at once. */
    ElasticPool start() {
        evaluator.start();
        return this;
    }

    /**
     * The backlog may have jumped: re-evaluate now if it is past what the threads are sized for.
     * Lock-free; from any thread.
     */
    void nudge(long backlogNow) {
        if (backlogNow > (long) target.get() * jobsPerWorker && nudged.compareAndSet(false, true)) {
            LockSupport.unpark(evaluator);
        }
    }

    /** Threads alive now. */
    int threads() {
        return running.get();
    }

    /** The backlog at the last evaluation. */
    long lastBacklog() {
        return lastBacklog;
    }

    /** The size {@code backlog} asks for, within this pool's bounds. */
    int wanted(long backlogNow) {
        long t = (backlogNow + jobsPerWorker - 1) / jobsPerWorker;
        return (int) Math.max(min, Math.min(max, t));
    }

    private void evaluateLoop() {
        while (!closed) {
            nudged.set(false);
            evaluate();
            if (!nudged.get()) {
                LockSupport.parkNanos(this, evaluateNanos);
            }
        }
    }

    /** One decision: start threads, lower the target, or stay. */
    void evaluate() {
        long b = backlog.getAsLong();
        lastBacklog = b;
        int want = wanted(b);
        int now = running.get();
        if (want > now) {
            int got = budget.take(want - now);
            target.set(now + got); // before they start: an idle new thread must not find itself surplus
            for (int i = 0; i < got; i++) {
                running.incrementAndGet();
                Thread t = new Thread(this::workerLoop, "ramal-records-" + name + "-" + serial.incrementAndGet());
                t.setDaemon(true);
                t.start();
            }
            if (got > 0) {
                decided("scale up", "pool={} scale up backlog={} threads {}->{}{}", name, b, now, now + got,
                        got < want - now ? " capped-by=max-threads-total" : "");
            } else {
                decided("capped", "pool={} steady backlog={} threads={} wanted={} capped-by=max-threads-total", name, b,
                        now, want);
            }
        } else if (want > target.get()) {
            // Threads told to end when idle are still alive: keep them instead.
            int before = target.getAndSet(want);
            decided("scale up", "pool={} scale up backlog={} threads {}->{}", name, b, before, want);
        } else if (want < target.get()) {
            int before = target.getAndSet(want);
            decided("scale down", "pool={} scale down backlog={} threads {}->{} ending-when-idle={}", name, b,
                    before, want, Math.max(0, now - want));
        } else {
            decided("steady", "pool={} steady backlog={} threads={}", name, b, now);
        }
    }

    /** Logs a decision unless it repeats the previous one (a steady pool says so once). */
    private void decided(String decision, String format, Object... args) {
        synchronized (this) { // the evaluator thread, or a test calling evaluate(): never a call's thread
            if (decision.equals(lastDecision) && !decision.startsWith("scale")) {
                return;
            }
            lastDecision = decision;
        }
        LOG.info(format, args);
    }

    private void workerLoop() {
        try {
            while (!closed) {
                boolean did = work.step();
                if (!did) {
                    if (leaveIfSurplus()) {
                        return;
                    }
                    LockSupport.parkNanos(this, idleNanos);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("pool={} worker failed, it is replaced at the next evaluation", name, e);
        }
        running.decrementAndGet();
        budget.give(1);
    }

    /** An idle worker above the target ends (returns true, its thread count already given back). */
    private boolean leaveIfSurplus() {
        while (true) {
            int r = running.get();
            if (r <= target.get()) {
                return false;
            }
            if (running.compareAndSet(r, r - 1)) {
                budget.give(1);
                return true;
            }
        }
    }

    /** Stops evaluating; workers finish their step and end. Waits at most {@code millis} for them. */
    @Override
    public void close() {
        close(TimeUnit.SECONDS.toMillis(5));
    }

    void close(long millis) {
        closed = true;
        LockSupport.unpark(evaluator);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (running.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
