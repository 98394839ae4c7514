package io.ramal.extensions;

import io.ramal.extensions.store.ExtensionCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * refused entry shows FAILED with its reason until it changes. The store being down changes
 * nothing that runs.
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
    private final ListenerEvents events;
    private final ExtensionCache cache;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private final Map<String, ListenerStatus> statuses = new ConcurrentHashMap<>();

    // Confined to the executor thread.
    private final Map<String, Slot> slots = new HashMap<>();
    private boolean storeDown;
    private String lastStoreError;
    private boolean stopped;

    /** One extension's wanted and running state. Executor thread only. */
    private static final class Slot {
        final String ramal;
        Extension wanted;          // null when refused or gone
        boolean enabled;
        String refusal;            // the parser's reason when refused
        Listener listener;         // the one serving now
        Extension binding;         // bind in progress for this extension
        ScheduledFuture<?> retry;
        int attempts;
        String lastFailure;

        Slot(String ramal) {
            this.ramal = ramal;
        }
    }

    /**
     * @param store   where the wanted extensions are
     * @param factory binds listeners
     * @param config  intervals and timeouts
     * @param events  told of every state change
     * @param cache   the database's last known set, or null for stores that need none (the file)
     */
    public ExtensionManager(ExtensionStore store, ListenerFactory factory, ExtensionsConfig config,
                            ListenerEvents events, ExtensionCache cache) {
        this.store = store;
        this.factory = factory;
        this.config = config;
        this.events = events;
        this.cache = cache;
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
     * @return how long it took until every bind had completed
     */
    public Duration start(Duration timeout) throws InterruptedException {
        long t0 = System.nanoTime();
        CompletableFuture<Void> allDone;
        try {
            allDone = executor.submit(() -> {
                ExtensionSnapshot snap = loadOrCache();
                if (snap == null) {
                    if (cache == null) {
                        // A store with no cache (the file) that cannot be read at start is a
                        // configuration error: say so and stop, rather than serve nothing.
                        throw new IllegalStateException("cannot load extensions from " + store.describe()
                                + ": " + lastStoreError);
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
        long bound = statuses.values().stream().filter(s -> s.state() == ListenerState.BOUND).count();
        LOG.info("extensions started store=\"{}\" bound={} configured={} time-to-all-bound-ms={}", store.describe(),
                bound, statuses.size(), took.toMillis());
        store.watch(this::requestReconcile);
        long sweep = config.sweepInterval().toMillis();
        executor.scheduleWithFixedDelay(this::reconcileSafely, sweep, sweep, TimeUnit.MILLISECONDS);
        return took;
    }

    /** Asks for a reconcile soon; bursts collapse into one. Any thread. */
    public void requestReconcile() {
        if (reconcileQueued.compareAndSet(false, true)) {
            executor.schedule(() -> {
                reconcileQueued.set(false);
                reconcileSafely();
            }, COALESCE_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Every extension's state, sorted by ramal. Any thread. */
    public List<ListenerStatus> statuses() {
        List<ListenerStatus> l = new ArrayList<>(statuses.values());
        l.sort(Comparator.comparing(ListenerStatus::ramal));
        return l;
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

    /**
     * Stops every listener: no new calls, calls in progress get {@code drainTimeout}, then the
     * rest are hung up. Closes the store.
     */
    public void stop(Duration drainTimeout) {
        List<CompletableFuture<Void>> drains = new ArrayList<>();
        try {
            executor.submit(() -> {
                stopped = true;
                for (Slot s : slots.values()) {
                    cancelRetry(s);
                    if (s.listener != null) {
                        drains.add(s.listener.drain(drainTimeout));
                    }
                }
            }).get(5, TimeUnit.SECONDS);
            CompletableFuture.allOf(drains.toArray(new CompletableFuture[0]))
                    .get(drainTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("stop: not every listener drained cause=\"{}\"", e.toString());
        } finally {
            store.close();
            executor.shutdownNow();
        }
    }

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
            ExtensionSnapshot snap = load();
            if (snap != null) {
                apply(snap);
            }
        } catch (Throwable t) {
            LOG.error("reconcile failed; the next one will run", t);
        }
    }

    /** The store's snapshot, or null when it is down (logged once per outage). */
    private ExtensionSnapshot load() {
        try {
            ExtensionSnapshot snap = store.load();
            if (storeDown) {
                storeDown = false;
                LOG.info("store back store=\"{}\"; reconciling", store.describe());
            }
            saveCache(snap);
            return snap;
        } catch (StoreException e) {
            lastStoreError = e.getMessage();
            if (!storeDown) {
                storeDown = true;
                LOG.warn("store unavailable store=\"{}\" cause=\"{}\"; listeners keep serving, retrying",
                        store.describe(), e.getMessage());
            }
            return null;
        }
    }

    private ExtensionSnapshot loadOrCache() {
        ExtensionSnapshot snap = load();
        if (snap != null || cache == null) {
            if (snap == null) {
                LOG.error("no extensions: store=\"{}\" is unavailable and there is no cache", store.describe());
            }
            return snap;
        }
        try {
            ExtensionSnapshot cached = cache.read();
            if (cached == null) {
                LOG.error("no extensions: store=\"{}\" is unavailable and cache file={} does not exist",
                        store.describe(), cache.file());
                return null;
            }
            LOG.warn("serving from cache file={} age-s={} extensions={}; the store is retried every {}",
                    cache.file(), cache.age().toSeconds(), cached.extensions().size(),
                    Units.format(config.sweepInterval()));
            return cached;
        } catch (IOException e) {
            LOG.error("cache file={} cannot be read cause=\"{}\"", cache.file(), e.getMessage());
            return null;
        }
    }

    private void saveCache(ExtensionSnapshot snap) {
        if (cache == null) {
            return;
        }
        try {
            cache.write(snap);
        } catch (IOException e) {
            LOG.warn("cache file={} cannot be written cause=\"{}\"", cache.file(), e.getMessage());
        }
    }

    /** Applies a snapshot; the future completes when the binds it started have completed. */
    private CompletableFuture<Void> apply(ExtensionSnapshot snap) {
        Set<String> seen = new HashSet<>();
        List<CompletableFuture<?>> binds = new ArrayList<>();
        for (Extension e : snap.extensions()) {
            seen.add(e.ramal());
            Slot s = slots.computeIfAbsent(e.ramal(), Slot::new);
            boolean changed = !Objects.equals(s.wanted, e) || s.refusal != null;
            s.wanted = e;
            s.enabled = e.enabled();
            s.refusal = null;
            if (changed && s.retry != null) {
                cancelRetry(s); // the entry changed: try it now rather than at the back-off
                s.attempts = 0;
            }
            CompletableFuture<?> f = converge(s);
            if (f != null) {
                binds.add(f);
            }
        }
        for (RejectedExtension r : snap.rejected()) {
            if (seen.contains(r.ramal())) {
                continue; // a later duplicate of a valid entry: the valid one serves
            }
            seen.add(r.ramal());
            Slot s = slots.computeIfAbsent(r.ramal(), Slot::new);
            boolean newReason = !Objects.equals(s.refusal, r.reason());
            s.wanted = null;
            s.refusal = r.reason();
            cancelRetry(s);
            stopServing(s);
            if (newReason) {
                LOG.warn("extension refused ramal={} reason=\"{}\"", r.ramal(), r.reason());
            }
            setStatus(s, ListenerState.FAILED, r.reason(), null);
        }
        for (Slot s : new ArrayList<>(slots.values())) {
            if (!seen.contains(s.ramal)) {
                s.wanted = null;
                s.refusal = null;
                cancelRetry(s);
                LOG.info("extension removed ramal={}", s.ramal);
                if (!stopServing(s)) {
                    slots.remove(s.ramal);
                    removeStatus(s.ramal);
                }
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
        if (want == null || !want.enabled()) {
            if (s.listener != null || s.binding != null) {
                stopServing(s);
            } else if (want != null) {
                setStatus(s, ListenerState.STOPPED, null, want);
            }
            return null;
        }
        if (s.binding != null) {
            return null; // converge again when it completes
        }
        if (s.listener == null) {
            if (s.retry != null) {
                return null; // waiting for the back-off
            }
            return bind(s, want);
        }
        Extension running = s.listener.extension();
        if (running.needsRebind(want)) {
            if (running.bind().equals(want.bind()) && running.port() == want.port()) {
                // Same address: the old socket must close before the new one can bind.
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
                setStatus(s, ListenerState.BOUND, null, want);
            } catch (IllegalArgumentException e) {
                LOG.warn("extension update refused ramal={} reason=\"{}\"", s.ramal, e.getMessage());
                setStatus(s, ListenerState.FAILED, e.getMessage(), want);
            }
        } else if (currentState(s) != ListenerState.BOUND) {
            setStatus(s, ListenerState.BOUND, null, want);
        }
        return null;
    }

    private CompletableFuture<?> bind(Slot s, Extension want) {
        s.binding = want;
        if (s.listener == null && currentState(s) != ListenerState.FAILED) {
            // A retry stays FAILED until it succeeds: no flapping states, no WARN per attempt.
            setStatus(s, ListenerState.STARTING, s.lastFailure, want);
        }
        CompletableFuture<Listener> f;
        try {
            f = factory.bind(want);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.handleAsync((listener, error) -> {
            s.binding = null;
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                onBindFailed(s, want, cause);
            } else if (stopped || s.wanted == null || !s.wanted.enabled()) {
                listener.drain(config.drainTimeout()); // no longer wanted while it was binding
            } else {
                Listener old = s.listener;
                s.listener = listener;
                s.attempts = 0;
                s.lastFailure = null;
                setStatus(s, ListenerState.BOUND, null, want);
                if (old != null) {
                    LOG.info("listener moved ramal={} from={} to={}", s.ramal, old.extension().address(), want.address());
                    drainOld(s.ramal, old);
                }
                converge(s); // the entry may have changed while binding
            }
            return null;
        }, executor);
    }

    private void onBindFailed(Slot s, Extension want, Throwable cause) {
        s.attempts++;
        String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        s.lastFailure = reason;
        long backoff = Math.min(config.retryMax().toMillis(),
                config.retryMin().toMillis() << Math.min(20, s.attempts - 1));
        LOG.warn("listener bind failed ramal={} address={} attempt={} retry-in-ms={} cause=\"{}\"", s.ramal,
                want.address(), s.attempts, backoff, reason);
        setStatus(s, ListenerState.FAILED, reason, want);
        if (!stopped) {
            s.retry = executor.schedule(() -> {
                s.retry = null;
                converge(s);
            }, backoff, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the slot's listener (draining its calls); returns true when there was one. */
    private boolean stopServing(Slot s) {
        Listener l = s.listener;
        if (l == null) {
            return false;
        }
        s.listener = null;
        CompletableFuture<Void> drained = l.drain(config.drainTimeout()); // stops accepting at once
        setStatus(s, ListenerState.DRAINING, null, l.extension());
        drained.whenCompleteAsync((x, e) -> {
            if (s.listener == null && s.binding == null) {
                if (s.wanted == null && s.refusal == null) {
                    slots.remove(s.ramal);
                    removeStatus(s.ramal);
                } else if (s.refusal == null) {
                    setStatus(s, ListenerState.STOPPED, null, s.wanted);
                }
            }
        }, executor);
        return true;
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

    private ListenerState currentState(Slot s) {
        ListenerStatus st = statuses.get(s.ramal);
        return st == null ? null : st.state();
    }

    private void setStatus(Slot s, ListenerState state, String reason, Extension ext) {
        ListenerStatus prev = statuses.get(s.ramal);
        Extension shown = ext != null ? ext : (prev != null ? prev.extension() : null);
        if (prev != null && prev.state() == state && Objects.equals(prev.reason(), reason)
                && Objects.equals(prev.extension(), shown) && prev.attempts() == s.attempts) {
            return;
        }
        Instant since = prev != null && prev.state() == state ? prev.since() : Instant.now();
        ListenerStatus cur = new ListenerStatus(s.ramal, shown, state, reason, since, s.attempts);
        statuses.put(s.ramal, cur);
        try {
            events.stateChanged(prev, cur);
        } catch (RuntimeException e) {
            LOG.error("listener event handler failed", e);
        }
    }

    private void removeStatus(String ramal) {
        ListenerStatus prev = statuses.remove(ramal);
        if (prev != null) {
            try {
                events.stateChanged(prev, new ListenerStatus(ramal, prev.extension(), ListenerState.STOPPED, "removed",
                        Instant.now(), 0));
            } catch (RuntimeException e) {
                LOG.error("listener event handler failed", e);
            }
        }
    }
}
