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
}
