package io.ramal.extensions;

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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The reconciliation the {@link ExtensionManager} runs: moves every {@link Slot} from what runs
 * towards what the latest snapshot wants. Added: bind. Disabled or removed: stop accepting, drain.
 * Moved: bind the new address, then drain the old one. New handler settings: update in place. An
 * edit that cannot be served leaves the running version serving. A failed bind is retried with
 * exponential back-off. Confined to the manager's one thread, which it also schedules its retries
 * and bind completions on; no field needs a lock.
 */
final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(ExtensionManager.class);

    private final ListenerFactory factory;
    private final ExtensionsConfig config;
    private final ScheduledExecutorService executor;
    private final StatusBoard board;
    private final Map<String, Slot> slots = new HashMap<>();
    private boolean stopped;

    Reconciler(ListenerFactory factory, ExtensionsConfig config, ScheduledExecutorService executor, StatusBoard board) {
        this.factory = factory;
        this.config = config;
        this.executor = executor;
        this.board = board;
    }

    boolean stopped() {
        return stopped;
    }

    /** The listener serving {@code ramal} now, or null. */
    Listener listener(String ramal) {
        Slot s = slots.get(ramal);
        return s == null ? null : s.listener;
    }

    /**
     * Stops following changes and starts draining every listener, including binds still in
     * progress once they complete; adds each drain to {@code drains}.
     */
    void stopAll(Duration drainTimeout, List<CompletableFuture<Void>> drains) {
        stopped = true;
        for (Slot s : slots.values()) {
            s.cancelRetry();
            if (s.listener != null) {
                drains.add(s.listener.drain(drainTimeout));
                setStatus(s, ListenerState.DRAINING, null, s.listener.extension());
            }
            if (s.pending != null) {
                drains.add(s.pending.thenCompose(l -> l.drain(drainTimeout)).exceptionally(e -> null));
            }
        }
    }

    /** After {@link #stopAll}: every listener that was serving or about to is STOPPED. */
    void markStopped() {
        for (Slot s : slots.values()) {
            ListenerState st = board.state(s.ramal);
            if (st.accepting() || st == ListenerState.DRAINING || st == ListenerState.STARTING) {
                setStatus(s, ListenerState.STOPPED, null, null);
            }
        }
    }

    /** Applies a snapshot; the future completes when the binds it started have completed. */
    CompletableFuture<Void> apply(ExtensionSnapshot snap) {
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
                s.cancelRetry(); // the entry changed: try it now rather than at the back-off
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
            if (r.enabled() && s.listener != null && s.wantsListener()) {
                // An edit the gateway refuses (settings, bind, mode, format) must not take the
                // running version down: it serves on, SERVING_OLD. Only a parked (disabled) bad
                // entry stops it.
                refuseEdit(s, r, r.reason(), s.wanted);
                continue;
            }
            boolean news = !r.equals(s.refusal);
            s.wanted = null;
            s.refusal = r;
            s.attempts = 0;
            s.cancelRetry();
            stopServing(s);
            if (news && r.enabled()) {
                LOG.warn("extension refused ramal={} reason=\"{}\"", LogText.escape(r.ramal()),
                        LogText.escape(r.reason()));
            } else if (news) {
                LOG.info("extension refused ramal={} enabled=false reason=\"{}\"", LogText.escape(r.ramal()),
                        LogText.escape(r.reason()));
            }
            showRefusal(s);
        }
        for (Slot s : new ArrayList<>(slots.values())) {
            if (!seen.contains(s.ramal) && (s.wanted != null || s.refusal != null)) {
                s.wanted = null;
                s.refusal = null;
                s.cancelRetry();
                LOG.info("extension removed ramal={}", LogText.escape(s.ramal));
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
     * An edit the running listener cannot take: SERVING_OLD with the reason, the running version
     * goes on serving. Warned once per edit, not on every sweep until an admin fixes the row.
     */
    private void refuseEdit(Slot s, Extension want, String reason) {
        refuseEdit(s, want, reason, want);
    }

    /** {@link #refuseEdit(Slot, Extension, String)} of any edit: a valid entry or a refused one; shows {@code shown}. */
    private void refuseEdit(Slot s, Object edit, String reason, Extension shown) {
        if (!edit.equals(s.refusedEdit)) {
            s.refusedEdit = edit;
            LOG.warn("extension update refused ramal={} reason=\"{}\"; the running version keeps serving",
                    LogText.escape(s.ramal), LogText.escape(reason));
        }
        setStatus(s, ListenerState.SERVING_OLD, reason, shown);
    }

    private CompletableFuture<?> bind(Slot s, Extension want) {
        s.binding = want;
        if (s.listener == null && board.state(s.ramal) != ListenerState.FAILED) {
            // A retry stays FAILED until it succeeds: no flapping states, no WARN per attempt.
            setStatus(s, ListenerState.STARTING, null, want);
        }
        CompletableFuture<Listener> f;
        // Resolved here, on the manager's thread: a name that does not resolve fails with one
        // line rather than the transport's raw UnresolvedAddressException.
        String unresolvable = BindAddress.unresolvable(want.bind());
        try {
            f = unresolvable != null ? CompletableFuture.failedFuture(new IllegalArgumentException(unresolvable))
                    : Objects.requireNonNull(factory.bind(want), "ListenerFactory.bind returned null");
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
                want.address(), s.attempts, backoff, LogText.escape(why));
        // A move that fails leaves the old address serving: SERVING_OLD, not FAILED.
        setStatus(s, s.listener == null ? ListenerState.FAILED : ListenerState.SERVING_OLD, reason, want);
        s.cancelRetry();
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
            s.cancelRetry();
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

    private void setStatus(Slot s, ListenerState state, String reason, Extension ext) {
        board.set(s.ramal, state, reason, ext, s.attempts);
    }
}
