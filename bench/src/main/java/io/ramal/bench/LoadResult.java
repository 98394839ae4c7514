package io.ramal.bench;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What one load run measured. Frame counts and loss cover the whole run; round trip, arrival
 * gaps and the per-call maxima cover the measured window. The counts follow the mode: an echo
 * call's frames are the stamped frames it sent and expects back; an AI caller's are its voiced
 * frames, expected back in the agent's replies ({@code turns}); a bridged leg's are the frames its
 * partner sent from the first one it heard ({@code bridges}). Each leg is a call of {@code calls}.
 *
 * @param target          where the calls went
 * @param calls           calls asked for
 * @param rampSeconds     time over which they were opened
 * @param windowSeconds   the measured window
 * @param connected       calls that connected
 * @param refused         calls that never connected
 * @param dropped         calls the far end closed or hung up before we ended them
 * @param sent            stamped frames sent (echo), voiced frames spoken (ai), frames the partners sent once bridged (queue)
 * @param received        of those, frames that arrived
 * @param lost            sent minus received
 * @param duplicates      stamped frames that came back twice or out of order
 * @param foreign         stamped frames that came back on another call
 * @param primingSilence  unstamped frames before each call's first echo (ignored)
 * @param silence         unstamped frames after the first echo, in the window (the far end ran dry)
 * @param sendBlocked     frames not sent because the far end stopped reading
 * @param rttMs           round trip (echo), one-way from partner to partner (queue), window; none for ai
 * @param gapMs           arrival gap between consecutive frames of a call, window
 * @param gapsOver25ms    arrival gaps over 25 ms, window
 * @param callsWithGapOver25ms calls that had at least one such gap, window
 * @param maxSendLagMs    how late the generator's own ticker ran at worst, window (its honesty check)
 * @param perCall         every call's figures, or null when not asked for
 * @param turns           the AI callers' turns, or null for other modes
 * @param bridges         the queue's pairs, or null for other modes
 */
public record LoadResult(String target, int calls, double rampSeconds, double windowSeconds, int connected,
                         int refused, int dropped, long sent, long received, long lost, long duplicates,
                         long foreign, long primingSilence, long silence, long sendBlocked, Dist rttMs, Dist gapMs,
                         long gapsOver25ms, int callsWithGapOver25ms, double maxSendLagMs,
                         List<CallSummary> perCall,
                         @JsonInclude(JsonInclude.Include.NON_NULL) TurnFigures turns,
                         @JsonInclude(JsonInclude.Include.NON_NULL) BridgeFigures bridges) {

    /** A result of the echo figures only. */
    public LoadResult(String target, int calls, double rampSeconds, double windowSeconds, int connected,
                      int refused, int dropped, long sent, long received, long lost, long duplicates,
                      long foreign, long primingSilence, long silence, long sendBlocked, Dist rttMs, Dist gapMs,
                      long gapsOver25ms, int callsWithGapOver25ms, double maxSendLagMs, List<CallSummary> perCall) {
        this(target, calls, rampSeconds, windowSeconds, connected, refused, dropped, sent, received, lost, duplicates,
                foreign, primingSilence, silence, sendBlocked, rttMs, gapMs, gapsOver25ms, callsWithGapOver25ms,
                maxSendLagMs, perCall, null, null);
    }

    /** This result with a mode's figures. */
    public LoadResult with(TurnFigures turns, BridgeFigures bridges) {
        return new LoadResult(target, calls, rampSeconds, windowSeconds, connected, refused, dropped, sent, received,
                lost, duplicates, foreign, primingSilence, silence, sendBlocked, rttMs, gapMs, gapsOver25ms,
                callsWithGapOver25ms, maxSendLagMs, perCall, turns, bridges);
    }

    /**
     * Nothing lost, refused or dropped, and the arrival-gap p99 within {@code gapP99LimitMs}; for
     * AI every turn answered, for the queue every pair bridged and every leg hearing its partner's tone.
     */
    public boolean clean(double gapP99LimitMs) {
        return lost == 0 && refused == 0 && dropped == 0 && sendBlocked == 0 && gapMs.count() > 0
                && gapMs.p99() <= gapP99LimitMs && modeClean();
    }

    /** Every AI turn answered; every queue pair bridged and every leg hearing its partner's tone (true for echo). */
    public boolean modeClean() {
        return (turns == null || (turns.turns() > 0 && turns.answered() == turns.turns()))
                && (bridges == null || (bridges.pairsBridged() == bridges.pairs()
                        && bridges.legsHearingPartnerTone() == 2 * bridges.pairs()));
    }
}
