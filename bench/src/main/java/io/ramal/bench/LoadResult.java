package io.ramal.bench;

import java.util.List;

/**
 * What one load run measured. Frame counts and loss cover the whole run; round trip, arrival
 * gaps and the per-call maxima cover the measured window.
 *
 * @param target          where the calls went
 * @param calls           calls asked for
 * @param rampSeconds     time over which they were opened
 * @param windowSeconds   the measured window
 * @param connected       calls that connected
 * @param refused         calls that never connected
 * @param dropped         calls the far end closed or hung up before we ended them
 * @param sent            stamped frames sent
 * @param received        stamped frames that came back
 * @param lost            sent minus received
 * @param duplicates      stamped frames that came back twice or out of order
 * @param foreign         stamped frames that came back on another call
 * @param primingSilence  unstamped frames before each call's first echo (ignored)
 * @param silence         unstamped frames after the first echo, in the window (the far end ran dry)
 * @param sendBlocked     frames not sent because the far end stopped reading
 * @param rttMs           round trip, window
 * @param gapMs           arrival gap between consecutive frames of a call, window
 * @param gapsOver25ms    arrival gaps over 25 ms, window
 * @param callsWithGapOver25ms calls that had at least one such gap, window
 * @param maxSendLagMs    how late the generator's own ticker ran at worst, window (its honesty check)
 * @param perCall         every call's figures, or null when not asked for
 */
public record LoadResult(String target, int calls, double rampSeconds, double windowSeconds, int connected,
                         int refused, int dropped, long sent, long received, long lost, long duplicates,
                         long foreign, long primingSilence, long silence, long sendBlocked, Dist rttMs, Dist gapMs,
                         long gapsOver25ms, int callsWithGapOver25ms, double maxSendLagMs,
                         List<CallSummary> perCall) {

    /** Nothing lost, refused or dropped, and the arrival-gap p99 within {@code gapP99LimitMs}. */
    public boolean clean(double gapP99LimitMs) {
        return lost == 0 && refused == 0 && dropped == 0 && sendBlocked == 0 && gapMs.count() > 0
                && gapMs.p99() <= gapP99LimitMs;
    }
}
