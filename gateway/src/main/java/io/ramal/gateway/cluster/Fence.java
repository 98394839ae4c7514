package io.ramal.gateway.cluster;

import io.ramal.extensions.LogText;
import io.ramal.gateway.log.KeyedLogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * This node's belief about the queues it owns, and the self-fencing that keeps it honest. A
 * lease renewed by a statement sent at {@code t0} (this node's {@link System#nanoTime()}) is
 * believed only until {@code t0 + lease - heartbeat}: the database set its expiry from its own
 * {@code now()}, later than {@code t0}, so this deadline passes a heartbeat or more before any
 * other node can take the queue.
 *
 * <p>Runs on its own thread ({@code ramal-cluster-fence}), never on the heartbeat thread, which
 * may be stuck in JDBC exactly when the deadlines matter. Every change of {@link #held} and every
 * listener call happens on it, in order. It checks the deadlines every {@link #CHECK_MS} and
 * calls {@code lost} when one will pass before the next check, so always before it passes.
 */
final class Fence implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Fence.class);

    /**
     * At most one owned and one lost line per queue each window (with the count suppressed): a
     * database that flaps must not turn every heartbeat into log lines. /cluster, the status log
     * and ramal_queue_owned always tell the current owner.
     */
    static final java.time.Duration LOG_WINDOW = java.time.Duration.ofSeconds(10);

    /** How often the deadlines are checked. */
    static final long CHECK_MS = 100;

    /** A queue believed owned: its tenure and until when (nanoTime). */
    private record Held(long epoch, long deadline) {
    }

    private final String self;
    private final LongSupplier clock;
    private final ScheduledExecutorService thread;
    private final KeyedLogLimiter<String> ownedLines = new KeyedLogLimiter<>(1024, System::nanoTime, LOG_WINDOW);
    private final KeyedLogLimiter<String> lostLines = new KeyedLogLimiter<>(1024, System::nanoTime, LOG_WINDOW);
    private final List<OwnershipListener> listeners = new CopyOnWriteArrayList<>();
    /** Written on the fence thread only; read from any thread by {@link #ownsNow}. */
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /** The epoch each queue was last lost under; on the fence thread only. */
    private final Map<String, Long> lostEpoch = new HashMap<>();
    /** The queues competed for; written by {@link #retain} on the fence thread. */
    private Set<String> competing = Set.of();

    Fence(String self, LongSupplier clock) {
        this.self = self;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ramal-cluster-fence");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleAtFixedRate(this::checkSafely, CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
    }

    void addListener(OwnershipListener l) {
        thread.execute(() -> {
            listeners.add(l);
            // Told of what is already held, in order with what comes next.
            held.forEach((q, h) -> call(() -> l.gained(q, h.epoch)));
        });
    }

    /** True while {@code queue} is held and its deadline has not passed, by this node's clock. */
    boolean ownsNow(String queue) {
        Held h = held.get(queue);
        return h != null && h.deadline - clock.getAsLong() > 0;
    }

    /** True while {@code queue} is believed held, deadline aside: its next renewal keeps the epoch. */
    boolean holds(String queue) {
        return held.containsKey(queue);
    }

    /** The queues competed for are now {@code queues}: the others are lost at once. */
    void retain(Set<String> queues) {
        thread.execute(() -> {
            competing = queues;
            for (String q : List.copyOf(held.keySet())) {
                if (!queues.contains(q)) {
                    lose(q, "no longer competing");
                }
            }
        });
    }

    /** The database renewed or granted {@code queue} under {@code epoch}, believed until {@code deadline}. */
    void renewed(String queue, long epoch, long deadline) {
        thread.execute(() -> {
            if (!competing.contains(queue) || deadline - clock.getAsLong() <= CHECK_MS * 1_000_000L) {
                return; // dropped meanwhile, or an answer that came too late to count
            }
            Held h = held.get(queue);
            if (h != null && h.epoch == epoch) {
                held.put(queue, new Held(epoch, Math.max(h.deadline, deadline)));
                return;
            }
            if (h != null) {
                lose(queue, "epoch changed");
            }
            Long lost = lostEpoch.get(queue);
            if (lost != null && lost == epoch) {
                return; // the tenure given up locally: the next heartbeat takes a new one
            }
            held.put(queue, new Held(epoch, deadline));
            long suppressed = ownedLines.of(queue).acquire();
            if (suppressed >= 0) {
                LOG.info("queue owned queue={} epoch={} node={} suppressed={}", LogText.escape(queue), epoch, self,
                        suppressed);
            }
            listeners.forEach(l -> call(() -> l.gained(queue, epoch)));
        });
    }

    /**
     * Waits, at most {@code timeoutMs}, until the fence thread has applied what the heartbeat sent
     * it, so the next heartbeat renews a queue this one granted instead of asking for a new tenure
     * (seen in CI: a start-up heartbeat right after the first one took a fresh epoch, a false loss).
     */
    void settle(long timeoutMs) {
        try {
            thread.submit(() -> { }).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            // closing, or a listener slow to be told: at worst the next heartbeat takes a new tenure
        }
    }

    /** The database refused {@code queue}: {@code owner} holds it. */
    void refused(String queue, String owner) {
        thread.execute(() -> {
            if (held.containsKey(queue)) {
                lose(queue, "taken by node=" + owner);
            }
        });
    }

    /** Gives up every queue held, and waits until the listeners have been told (at most {@code timeoutMs}). */
    void loseAll(String why, long timeoutMs) {
        try {
            thread.submit(() -> List.copyOf(held.keySet()).forEach(q -> lose(q, why)))
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("cluster could not give up its queues in time node={} cause=\"{}\"", self, e.toString());
        }
    }

    private void checkSafely() {
        try {
            long soon = clock.getAsLong() + CHECK_MS * 1_000_000L;
            for (Map.Entry<String, Held> e : held.entrySet()) {
                if (e.getValue().deadline - soon <= 0) {
                    lose(e.getKey(), "lease expired locally");
                }
            }
        } catch (Throwable t) {
            LOG.error("cluster fence check failed; the next one will run node={}", self, t);
        }
    }

    /** On the fence thread. */
    private void lose(String queue, String why) {
        Held h = held.remove(queue);
        if (h == null) {
            return;
        }
        lostEpoch.put(queue, h.epoch);
        long suppressed = lostLines.of(queue).acquire();
        if (suppressed >= 0) {
            // Giving a queue up on purpose is lifecycle; losing it to a deadline or another node is not.
            boolean chosen = why.equals("closing") || why.equals("no longer competing");
            String line = "queue lost queue={} epoch={} why=\"{}\" node={} suppressed={}";
            Object[] args = {LogText.escape(queue), h.epoch, LogText.escape(why), self, suppressed};
            if (chosen) {
                LOG.info(line, args);
            } else {
                LOG.warn(line, args);
            }
        }
        listeners.forEach(l -> call(() -> l.lost(queue, why)));
    }

    private void call(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("cluster ownership listener failed node={}", self, e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
