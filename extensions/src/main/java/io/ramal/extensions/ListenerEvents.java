package io.ramal.extensions;

/**
 * Told by the extension manager of every listener state change, so that the status log can
 * write its WARN line at once and metrics can follow. Called on the manager's thread; must not
 * block.
 */
@FunctionalInterface
public interface ListenerEvents {

    /** {@code current} replaced {@code previous} (null for a listener seen the first time). */
    void stateChanged(ListenerStatus previous, ListenerStatus current);

    /** Ignores every event. */
    ListenerEvents NONE = (previous, current) -> { };
}
