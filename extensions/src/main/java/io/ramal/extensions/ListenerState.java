package io.ramal.extensions;

/** Where a listener stands, as the status log, {@code /health} and the admin CLI show it. */
public enum ListenerState {
    /** Bind requested, not finished yet. */
    STARTING,
    /** Accepting calls. */
    BOUND,
    /**
     * Accepting calls with the version it ran before an edit it could not serve (bad settings,
     * bad bind, bad format); the reason says why. Up for {@code /health} and
     * {@code ramal_listener_up}: the line works, an edit is pending.
     */
    SERVING_OLD,
    /** Not accepting: could not bind, or the entry was refused; retried with back-off when a retry can help. */
    FAILED,
    /** No longer accepting; waiting for its calls in progress to end. */
    DRAINING,
    /** Closed, disabled, or removed from the configuration. */
    STOPPED;

    /** True when the listener accepts calls: {@link #BOUND} or {@link #SERVING_OLD}. */
    public boolean accepting() {
        return this == BOUND || this == SERVING_OLD;
    }
}
