package io.ramal.extensions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the running listeners equal to the wanted extensions. Loads the store at start and binds
 * every enabled extension in parallel; reconciles again on every change notification (coalesced,
 * within a second) and on a periodic sweep. Added: bind. Disabled or removed: stop accepting at
 * once, let calls finish (drain). Moved: bind the new address, then drain the old one. New
 * handler settings: update in place. A failed bind is retried with exponential back-off; a
 * refused entry shows FAILED with its reason until it changes (STOPPED with the reason when the
 * entry itself is disabled); a refused edit of a running extension leaves the old version
 * serving, SERVING_OLD with the reason. The store being down changes nothing that runs.
 *
 * <p>All state is confined to one thread, {@code ramal-extensions}; other threads only read the
 * status snapshot.
 */
public final class ExtensionManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExtensionManager.class);

    /** Delay that coalesces a burst of notifications into one reconcile. */
    private static final long COALESCE_MS = 100;

    private final ExtensionStore store;
    private final ListenerFactory factory;
    private final ExtensionsConfig config;
    private final SnapshotSource source;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private final StatusBoard board;

    private final Reconciler reconciler;

    /**
     * @param store   where the wanted extensions are
     * @param factory binds listeners
     * @param config  intervals and timeouts
     * @param events  told of every state change, on the manager's thread
     * @param cache   the database's last known set, or null for stores that need none (the file)
     */
    public ExtensionManager(ExtensionStore store, ListenerFactory factory, ExtensionsConfig config,
                            ListenerEvents events, ExtensionCache cache) {
        this.store = store;
        this.factory = factory;
        this.config = config;
        this.board = new StatusBoard(events);
        this.source = new SnapshotSource(store, cache, config.sweepInterval());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ramal-extensions");
            t.setDaemon(true);
            return t;
        });
        this.reconciler = new Reconciler(factory, config, executor, board);
    }

    /**
     * Loads the store (or the cache when the store is down), binds every enabled extension in
     * parallel and waits for every bind to succeed or fail, then starts following changes.
     *
     * @param timeout longest wait for the binds
     * @return how long it took until every bind had completed (time to all-bound)
     * @throws IllegalStateException when a store without a cache (the file) cannot be read
     */
    public Duration start(Duration timeout) throws InterruptedException {
        long t0 = System.nanoTime();
        CompletableFuture<Void> allDone;
        try {
            allDone = executor.submit(() -> {
                ExtensionSnapshot snap = source.loadOrCache();
                if (snap == null) {
                    if (!source.hasCache()) {
                        // A store with no cache (the file) that cannot be read at start is a
                        // configuration error: say so and stop, rather than serve nothing.
                        throw new IllegalStateException("cannot load extensions from " + store.describe()
                                + ": " + source.lastError());
                    }
                    return CompletableFuture.<Void>completedFuture(null);
                }
                return reconciler.apply(snap);
            }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            executor.shutdownNow();
            throw e.getCause() instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("extension manager failed to start: " + e.getCause(), e.getCause());
        }
        try {
            allDone.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("start: not every listener finished binding within {}", Units.format(timeout));
        } catch (java.util.concurrent.ExecutionException e) {
            // individual failures are FAILED states already
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        LOG.info("extensions started store=\"{}\" bound={} configured={} time-to-all-bound-ms={}", store.describe(),
                board.count(ListenerState.BOUND), board.size(), took.toMillis());
        store.watch(this::requestReconcile);
        long sweep = config.sweepInterval().toMillis();
        executor.scheduleWithFixedDelay(this::reconcileSafely, sweep, sweep, TimeUnit.MILLISECONDS);
        return took;
    }

    /** Asks for a reconcile soon; bursts collapse into one. Any thread. */
    public void requestReconcile() {
        if (reconcileQueued.compareAndSet(false, true)) {
            try {
                executor.schedule(() -> {
                    reconcileQueued.set(false);
                    reconcileSafely();
                }, COALESCE_MS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopped
            }
        }
    }

    /** Every extension's state, sorted by ramal: a snapshot. Any thread. */
    public List<ListenerStatus> statuses() {
        return board.snapshot();
    }

    /** The store's state: up or down since when, and where the running set came from. Any thread. */
    public StoreHealth storeHealth() {
        return source.health();
    }

    /** The listener serving {@code ramal} now, or null. Blocks briefly on the manager's thread. */
    public Listener listener(String ramal) {
        try {
            return executor.submit(() -> reconciler.listener(ramal)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    /** {@link #stop(Duration)} with the configured {@code extensions.drain-timeout}. */
    public void stop() {
        stop(config.drainTimeout());
    }

    /**
     * Stops every listener: no new calls, calls in progress get {@code drainTimeout}, then the
     * rest are hung up. Binds still in progress are drained when they complete. Closes the store.
     */
    public void stop(Duration drainTimeout) {
        if (executor.isShutdown()) {
            // A start that failed before binding anything shut the executor: nothing to drain.
            store.close();
            return;
        }
        List<CompletableFuture<Void>> drains = new ArrayList<>();
        try {
            executor.submit(() -> reconciler.stopAll(drainTimeout, drains)).get(5, TimeUnit.SECONDS);
            CompletableFuture.allOf(drains.toArray(new CompletableFuture[0]))
                    .get(drainTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("stop: not every listener drained cause=\"{}\"", e.toString());
        }
        try {
            executor.submit(reconciler::markStopped).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stop: final states not recorded cause=\"{}\"", e.toString());
        } finally {
            store.close();
            executor.shutdownNow();
        }
    }

    /** Stops at once: calls in progress are hung up (for a start that failed half way). */
    @Override
    public void close() {
        stop(Duration.ZERO);
    }

    // ---- on the executor ----------------------------------------------------------------------

    private void reconcileSafely() {
        try {
            if (reconciler.stopped()) {
                return;
            }
            ExtensionSnapshot snap = source.load();
            if (snap != null) {
                reconciler.apply(snap);
            }
        } catch (Throwable t) {
            LOG.error("reconcile failed; the next one will run", t);
        }
    }
}
