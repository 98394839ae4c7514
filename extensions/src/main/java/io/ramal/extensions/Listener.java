package io.ramal.extensions;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One bound listener serving the calls of one extension. Thread-safe: the manager calls it from
 * its own thread while calls run on the gateway's event loops.
 */
public interface Listener {

    /** The extension as the listener serves it now. */
    Extension extension();

    /**
     * Replaces the extension's handler settings (mode, settings, description) in place: calls
     * accepted from now on use them, calls in progress keep what they started with. Address,
     * port and tuning changes need a new listener instead ({@link Extension#needsRebind}).
     */
    void update(Extension extension);

    /**
     * Stops accepting new connections at once; calls in progress go on. Idempotent: the manager
     * may call it and then {@link #drain}, which stops accepting again.
     *
     * @return completes when the server socket is closed
     */
    CompletableFuture<Void> stopAccepting();

    /**
     * Waits for the calls in progress to end; when {@code timeout} passes first, hangs up the
     * rest (hangup frame, then close). Implies {@link #stopAccepting()}. Calling it again
     * returns the same (or an equivalent) future.
     *
     * @return completes when no call of this listener is left
     */
    CompletableFuture<Void> drain(Duration timeout);

    /** Calls in progress now. */
    int activeCalls();
}
