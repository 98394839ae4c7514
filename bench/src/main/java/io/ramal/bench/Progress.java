package io.ramal.bench;

/**
 * A running load's state, once a second.
 *
 * @param seconds    since the run started
 * @param phase      {@code ramp}, {@code settle}, {@code window}, {@code tail}
 * @param active     calls connected and not closed
 * @param refused    calls that could not connect
 * @param dropped    calls the far end ended
 * @param sent       stamped frames sent so far
 * @param received   stamped frames back so far
 * @param gapMs      arrival gaps of the last second
 * @param rttMs      round trips of the last second
 */
public record Progress(double seconds, String phase, int active, int refused, int dropped, long sent, long received,
                       Dist gapMs, Dist rttMs) {

    /** One terminal line. */
    public String line(int calls) {
        return String.format("%6.1fs %-6s calls %d/%d refused %d dropped %d | sent %d back %d in-flight %d | "
                        + "gap p50 %.1f p99 %.1f max %.1f ms | rtt p50 %.1f p99 %.1f ms",
                seconds, phase, active, calls, refused, dropped, sent, received, sent - received,
                gapMs.p50(), gapMs.p99(), gapMs.max(), rttMs.p50(), rttMs.p99());
    }
}
