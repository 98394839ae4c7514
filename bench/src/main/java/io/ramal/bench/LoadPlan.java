package io.ramal.bench;

import java.time.Duration;

/**
 * What one load run does: {@code calls} calls to {@code target}, opened evenly over
 * {@code ramp}, then {@code settle} before the measured window of {@code window}, then sending
 * stops and the echoes still in flight get up to {@code tail} to come back before the calls are
 * closed. Loss counts over the whole run; round trip, arrival gaps and process CPU over the
 * window only.
 *
 * @param target  where the calls go
 * @param calls   concurrent calls, 1..100000
 * @param ramp    time over which the calls are opened, >= 0
 * @param settle  time between the last call opened and the window, >= 0
 * @param window  the measured window, > 0
 * @param tail    most time to wait for the last echoes after sending stops, >= 0
 */
public record LoadPlan(Target target, int calls, Duration ramp, Duration settle, Duration window, Duration tail) {

    /** Settle time used by the command line. */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(1);
    /** Tail used by the command line. */
    public static final Duration DEFAULT_TAIL = Duration.ofSeconds(2);

    public LoadPlan {
        if (calls < 1 || calls > 100_000) {
            throw new IllegalArgumentException("--calls=" + calls + " is invalid, allowed: 1..100000");
        }
        if (ramp.isNegative() || settle.isNegative() || tail.isNegative()) {
            throw new IllegalArgumentException("ramp, settle and tail must not be negative: ramp=" + ramp
                    + " settle=" + settle + " tail=" + tail);
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("--seconds=" + window.toMillis() / 1000.0 + " is invalid, allowed: more than 0");
        }
    }

    /** A plan with the command line's settle and tail. */
    public static LoadPlan of(Target target, int calls, Duration ramp, Duration window) {
        return new LoadPlan(target, calls, ramp, DEFAULT_SETTLE, window, DEFAULT_TAIL);
    }
}
