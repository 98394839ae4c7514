package io.ramal.extensions;

import java.time.Instant;

/**
 * A listener's state at one moment, for the status log, {@code /health}, {@code /extensions} and
 * the admin CLI.
 *
 * @param ramal     the extension's name
 * @param extension the extension as configured, or null when the entry was refused
 * @param state     where the listener stands
 * @param reason    why it is FAILED (or the last failure), null otherwise
 * @param since     when it entered this state
 * @param attempts  binds tried since the last success (0 when bound)
 */
public record ListenerStatus(String ramal, Extension extension, ListenerState state, String reason,
                             Instant since, int attempts) {
}
