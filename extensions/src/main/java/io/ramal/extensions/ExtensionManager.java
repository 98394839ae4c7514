package io.ramal.extensions;

import io.ramal.extensions.store.ExtensionCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
 * entry itself is disabled). The store being down changes nothing that runs.
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

    // Confined to the executor thread.
    private final Map<String, Slot> slots = new HashMap<>();
    private boolean stopped;

    /** One extension's wanted and running state. Executor thread only. */
    private static final class Slot {
        final String ramal;
        Extension wanted;                   // null when refused or gone
        RejectedExtension refusal;          // the parser's verdict when refused
        Listener listener;                  // the one serving now
        Extension binding;                  // bind in progress for this extension
        CompletableFuture<Listener> pending; // that bind, as the factory returned it
        int draining;                       // listeners of this slot still draining their calls
        ScheduledFuture<?> retry;
        int attempts;
        Object refusedEdit;                 // the edit last refused (Extension or RejectedExtension), warned about once

        Slot(String ramal) {
            this.ramal = ramal;
        }

        boolean wantsListener() {
            return wanted != null && wanted.enabled();
        }
    }

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
                return apply(snap);
            }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            executor.shutdownNow();
            throw e.getCause() instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("extension manager failed to start", e.getCause());
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

    /** The listener serving {@code ramal} now, or null. Blocks briefly on the manager's thread. */
    public Listener listener(String ramal) {
        try {
            return executor.submit(() -> {
                Slot s = slots.get(ramal);
                return s == null ? null : s.listener;
            }).get(5, TimeUnit.SECONDS);
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
            executor.submit(() -> {
                stopped = true;
                for (Slot s : slots.values()) {
                    cancelRetry(s);
                    if (s.listener != null) {
                        drains.add(s.listener.drain(drainTimeout));
                        setStatus(s, ListenerState.DRAINING, null, s.listener.extension());
                    }
                    if (s.pending != null) {
                        drains.add(s.pending.thenCompose(l -> l.drain(drainTimeout)).exceptionally(e -> null));
                    }
                }
            }).get(5, TimeUnit.SECONDS);
            CompletableFuture.allOf(drains.toArray(new CompletableFuture[0]))
                    .get(drainTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("stop: not every listener drained cause=\"{}\"", e.toString());
        }
        try {
            executor.submit(() -> {
                for (Slot s : slots.values()) {
                    ListenerState st = board.state(s.ramal);
                    if (st == ListenerState.BOUND || st == ListenerState.DRAINING || st == ListenerState.STARTING) {
                        setStatus(s, ListenerState.STOPPED, null, null);
                    }
                }
            }).get(5, TimeUnit.SECONDS);
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
            if (stopped) {
                return;
            }
            ExtensionSnapshot snap = source.load();
            if (snap != null) {
                apply(snap);
            }
        } catch (Throwable t) {
            LOG.error("reconcile failed; the next one will run", t);
        }
    }

    /** Applies a snapshot; the future completes when the binds it started have completed. */
    private CompletableFuture<Void> apply(ExtensionSnapshot snap) {
        Set<String> seen = new HashSet<>();
        List<CompletableFuture<?>> binds = new ArrayList<>();
        for (Extension e : snap.extensions()) {
            seen.add(e.ramal());
            Slot s = slots.computeIfAbsent(e.ramal(), Slot::new);
            boolean changed = !Objects.equals(s.wanted, e) || s.refusal != null
                    || s.refusedEdit instanceof RejectedExtension;
            s.wanted = e;
            s.refusal = null;
            if (changed) {
                cancelRetry(s); // the entry changed: try it now rather than at the back-off
                s.attempts = 0;
                s.refusedEdit = null; // a bad edit that comes back later is news again
            }
            CompletableFuture<?> f = converge(s);
            if (f != null) {
                binds.add(f);
            }
        }
        for (RejectedExtension r : snap.rejected()) {
            if (!seen.add(r.ramal())) {
                continue; // a later duplicate of a valid entry: the valid one serves
            }
            Slot s = slots.computeIfAbsent(r.ramal(), Slot::new);
            if (r.settingsOnly() && r.enabled() && s.listener != null && s.wantsListener()) {
                // An edit whose settings its mode refuses must not take the running version down.
                refuseEdit(s, r, r.reason(), s.wanted);
                continue;
            }
            boolean news = !r.equals(s.refusal);
            s.wanted = null;
            s.refusal = r;
            s.attempts = 0;
            cancelRetry(s);
            stopServing(s);
            if (news && r.enabled()) {
                LOG.warn("extension refused ramal={} reason=\"{}\"", r.ramal(), r.reason());
            } else if (news) {
                LOG.info("extension refused ramal={} enabled=false reason=\"{}\"", r.ramal(), r.reason());
            }
            showRefusal(s);
        }
        for (Slot s : new ArrayList<>(slots.values())) {
            if (!seen.contains(s.ramal) && (s.wanted != null || s.refusal != null)) {
                s.wanted = null;
                s.refusal = null;
                cancelRetry(s);
                LOG.info("extension removed ramal={}", s.ramal);
                stopServing(s);
                settle(s);
            }
        }
        return CompletableFuture.allOf(binds.toArray(new CompletableFuture[0]));
    }

    /** Moves one slot towards its wanted state; returns the bind started, if any. */
    private CompletableFuture<?> converge(Slot s) {
        if (stopped) {
            return null;
        }
        Extension want = s.wanted;
        if (!s.wantsListener()) {
            stopServing(s);
            settle(s);
            return null;
        }
        if (s.binding != null || s.retry != null) {
            return null; // converge again when the bind completes, or at the back-off
        }
        if (s.listener == null) {
            return bind(s, want);
        }
        Extension running = s.listener.extension();
        if (running.needsRebind(want)) {
            if (running.bind().equals(want.bind()) && running.port() == want.port()) {
                // Same address: the old socket must close before the new one can bind. Its
                // calls go on; only the server socket goes. An edit that cannot be served must
                // not take the running version down with it.
                try {
                    factory.check(want);
                } catch (IllegalArgumentException e) {
                    refuseEdit(s, want, e.getMessage());
                    return null;
                }
                Listener old = s.listener;
                s.listener = null;
                drainOld(s.ramal, old);
                s.binding = want;
                return old.stopAccepting().handleAsync((x, e) -> {
                    s.binding = null;
                    return converge(s);
                }, executor);
            }
            return bind(s, want); // bind the new address first; the old one drains on success
        }
        if (!running.equals(want)) {
            try {
                s.listener.update(want);
                LOG.info("extension updated ramal={} address={} mode={}", s.ramal, want.address(),
                        want.mode().wireName());
                setStatus(s, ListenerState.BOUND, null, want);
            } catch (IllegalArgumentException e) {
                refuseEdit(s, want, e.getMessage());
            }
        } else if (board.state(s.ramal) != ListenerState.BOUND) {
            setStatus(s, ListenerState.BOUND, null, want);
        }
        return null;
    }

    /**
     * An edit the running listener cannot take: FAILED with the reason, the running version goes
     * on serving. Warned once per edit, not on every sweep until an admin fixes the row.
     */
    private void refuseEdit(Slot s, Extension want, String reason) {
        refuseEdit(s, want, reason, want);
    }

    /** {@link #refuseEdit(Slot, Extension, String)} of any edit: a valid entry or a refused one; shows {@code shown}. */
    private void refuseEdit(Slot s, Object edit, String reason, Extension shown) {
        if (!edit.equals(s.refusedEdit)) {
            s.refusedEdit = edit;
            LOG.warn("extension update refused ramal={} reason=\"{}\"; the running version keeps serving",
                    s.ramal, reason);
        }
        setStatus(s, ListenerState.FAILED, reason, shown);
    }

    private CompletableFuture<?> bind(Slot s, Extension want) {
        s.binding = want;
        if (s.listener == null && board.state(s.ramal) != ListenerState.FAILED) {
            // A retry stays FAILED until it succeeds: no flapping states, no WARN per attempt.
            setStatus(s, ListenerState.STARTING, null, want);
        }
        CompletableFuture<Listener> f;
        try {
            f = Objects.requireNonNull(factory.bind(want), "ListenerFactory.bind returned null");
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        s.pending = f;
        return f.handleAsync((listener, error) -> {
            onBindDone(s, want, listener, error);
            return null;
        }, executor);
    }

    private void onBindDone(Slot s, Extension want, Listener listener, Throwable error) {
        s.binding = null;
        s.pending = null;
        boolean stillWanted = !stopped && s.wantsListener();
        if (error != null) {
            if (stillWanted) {
                onBindFailed(s, want, error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            } else {
                settle(s);
            }
            return;
        }
        if (!stillWanted || s.listener != null && !s.listener.extension().needsRebind(s.wanted)) {
            // Disabled, removed or refused while binding, or moved back to where it already
            // listens: let the new one go the way a running one would.
            if (s.listener == null) {
                s.listener = listener;
                stopServing(s);
            } else {
                listener.drain(config.drainTimeout());
            }
            settle(s);
            converge(s);
            return;
        }
        Listener old = s.listener;
        s.listener = listener;
        s.attempts = 0;
        setStatus(s, ListenerState.BOUND, null, want);
        if (old != null) {
            LOG.info("listener moved ramal={} from={} to={}", s.ramal, old.extension().address(), want.address());
            drainOld(s.ramal, old);
        } else {
            LOG.info("listener bound ramal={} address={} mode={}", s.ramal, want.address(), want.mode().wireName());
        }
        converge(s); // the entry may have changed while binding
    }

    private void onBindFailed(Slot s, Extension want, Throwable cause) {
        s.attempts++;
        String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        String reason = s.listener == null ? why
                : "cannot move to " + want.address() + ": " + why + " (still serving "
                + s.listener.extension().address() + ")";
        long backoff = Math.min(config.retryMax().toMillis(),
                config.retryMin().toMillis() << Math.min(20, s.attempts - 1));
        LOG.warn("listener bind failed ramal={} address={} attempt={} retry-in-ms={} cause=\"{}\"", s.ramal,
                want.address(), s.attempts, backoff, why);
        setStatus(s, ListenerState.FAILED, reason, want);
        cancelRetry(s);
        s.retry = executor.schedule(() -> {
            s.retry = null;
            converge(s);
        }, backoff, TimeUnit.MILLISECONDS);
    }

    /** Stops the slot's listener: it stops accepting at once and its calls drain. */
    private void stopServing(Slot s) {
        Listener l = s.listener;
        if (l == null) {
            return;
        }
        s.listener = null;
        s.draining++;
        CompletableFuture<Void> drained = l.drain(config.drainTimeout()); // stops accepting at once
        if (s.refusal == null) {
            setStatus(s, ListenerState.DRAINING, null, l.extension());
        }
        drained.whenCompleteAsync((x, e) -> {
            s.draining--;
            LOG.info("listener drained ramal={} address={}", s.ramal, l.extension().address());
            settle(s);
        }, executor);
    }

    /**
     * Shows the final state of a slot that has nothing running, binding or draining: removed
     * entries are forgotten, disabled ones STOPPED, refused ones keep their reason.
     */
    private void settle(Slot s) {
        if (s.listener != null || s.binding != null || s.draining > 0 || slots.get(s.ramal) != s) {
            return;
        }
        if (s.refusal != null) {
            showRefusal(s);
        } else if (s.wanted == null) {
            cancelRetry(s);
            slots.remove(s.ramal);
            board.remove(s.ramal);
        } else if (!s.wanted.enabled()) {
            setStatus(s, ListenerState.STOPPED, null, s.wanted);
        }
    }

    private void showRefusal(Slot s) {
        if (s.listener == null && s.binding == null) {
            setStatus(s, s.refusal.enabled() ? ListenerState.FAILED : ListenerState.STOPPED, s.refusal.reason(), null);
        }
    }

    private void drainOld(String ramal, Listener old) {
        old.drain(config.drainTimeout()).whenComplete((x, e) ->
                LOG.info("old listener drained ramal={} address={}", ramal, old.extension().address()));
    }

    private void cancelRetry(Slot s) {
        if (s.retry != null) {
            s.retry.cancel(false);
            s.retry = null;
        }
    }

    private void setStatus(Slot s, ListenerState state, String reason, Extension ext) {
        board.set(s.ramal, state, reason, ext, s.attempts);
    }
}
