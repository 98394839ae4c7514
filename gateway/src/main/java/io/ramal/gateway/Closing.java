package io.ramal.gateway;

import org.slf4j.Logger;

/**
 * Closing parts on the way out (a stop, a failed start, the end of a warm-up), where one part
 * that fails to close must neither hide the others nor turn the way out into a failure: each
 * failure is one WARN on the caller's logger, and the rest are still closed.
 */
public final class Closing {

    private Closing() {
    }

    /** Closes each non-null part in order; a failure is logged on {@code log} and the next part closed. */
    public static void quietly(Logger log, AutoCloseable... parts) {
        for (AutoCloseable c : parts) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                log.warn("close failed part={} cause=\"{}\"", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
