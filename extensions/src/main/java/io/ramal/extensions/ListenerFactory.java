package io.ramal.extensions;

import java.util.concurrent.CompletableFuture;

/**
 * The port the extension manager needs from whoever serves calls: bind a listener for an
 * extension. The gateway implements it with Netty; the manager never imports Netty, and its
 * tests use a plain-socket implementation.
 */
public interface ListenerFactory {

    /**
     * Starts binding a listener for {@code extension} without blocking the caller.
     *
     * @return a future that completes with the bound listener, or exceptionally with the cause
     *         (for example {@link java.net.BindException} when the port is already in use)
     */
    CompletableFuture<Listener> bind(Extension extension);

    /**
     * Checks, without binding, that {@code extension} could be served (its mode has a handler
     * here; its settings were parsed already, when the entry was read), so the manager can
     * refuse an edit before it closes the running listener to move it.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    default void check(Extension extension) {
    }
}
