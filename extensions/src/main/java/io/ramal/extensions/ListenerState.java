package io.ramal.extensions;

/** Where a listener stands, as the status log, {@code /health} and the admin CLI show it. */
public enum ListenerState {
    /** Bind requested, not finished yet. */
    STARTING,
    /** Accepting calls. */
    BOUND,
    /** Could not bind, or the entry was refused; retried with back-off when a retry can help. */
    FAILED,
    /** No longer accepting; waiting for its calls in progress to end. */
    DRAINING,
    /** Closed, disabled, or removed from the configuration. */
    STOPPED
}
