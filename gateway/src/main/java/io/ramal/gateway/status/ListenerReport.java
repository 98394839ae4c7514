package io.ramal.gateway.status;

import io.ramal.extensions.Extension;
import io.ramal.extensions.ListenerState;
import io.ramal.extensions.ListenerStatus;
import io.ramal.gateway.call.CallCounters;
import io.ramal.gateway.listener.NettyListener;

import java.time.Instant;

/**
 * Everything ops see of one listener at one moment: its state and its counters, in one record
 * that the status log, {@code /extensions} and {@code /metrics} all read, so the three never
 * disagree.
 *
 * @param ramal             the extension's name
 * @param address           {@code host:port}, or empty when the entry was refused
 * @param mode              the mode's name, or empty when refused
 * @param state             where the listener stands
 * @param reason            why it failed (or the last failure), or null
 * @param since             when it entered its state
 * @param active            calls in progress
 * @param calls             calls accepted since start
 * @param connections       connections accepted since start (identified or not)
 * @param closedBeforeId    connections closed by the peer before identifying
 * @param refused           connections refused (draining, no handler)
 * @param protocolErrors    protocol violations
 * @param handshakeTimeouts connections that sent no id in time
 * @param idleTimeouts      calls hung up because the caller went silent
 * @param peerErrors        error frames received
 * @param internalErrors    unexpected failures in the gateway
 * @param framesIn          audio frames received
 * @param framesOut         audio frames sent
 * @param bytesIn           audio bytes received
 * @param bytesOut          audio bytes sent
 * @param underruns         playout gaps, live calls included
 * @param overflows         frames dropped because a playout buffer was full, live calls included
 * @param droppedOut        frames not sent because Asterisk was not reading, live calls included
 * @param lastError         the last error, or null
 * @param lastErrorAt       when, or null
 * @param maxDurations      calls hung up at {@code call.max-duration}
 * @param writeStalls       calls hung up because the peer read nothing for {@code call.write-stall-timeout}
 * @param refusedNotAllowed connections closed because their source was outside the allowlist
 * @param refusedBusy       connections hung up because {@code max-calls} or {@code gateway.max-calls} was reached
 */
public record ListenerReport(String ramal, String address, String mode, ListenerState state, String reason,
                             Instant since, int active, long calls, long connections, long closedBeforeId,
                             long refused, long protocolErrors, long handshakeTimeouts, long idleTimeouts,
                             long peerErrors, long internalErrors, long framesIn, long framesOut, long bytesIn,
                             long bytesOut, long underruns, long overflows, long droppedOut, String lastError,
                             Instant lastErrorAt, long maxDurations, long writeStalls, long refusedNotAllowed,
                             long refusedBusy) {

    /** Errors of every kind: what the summary line counts. */
    public long errors() {
        return protocolErrors + handshakeTimeouts + idleTimeouts + peerErrors + internalErrors + writeStalls;
    }

    /** Builds the report of {@code status} with the counters and the live listener (null when not bound). */
    public static ListenerReport of(ListenerStatus status, CallCounters c, NettyListener live) {
        Extension e = status.extension();
        long[] t = live != null ? live.liveTraffic() : new long[4];
        CallCounters.LastError le = c.lastError();
        String reason = status.reason();
        return new ListenerReport(status.ramal(), e == null ? "" : e.address(), e == null ? "" : e.mode().wireName(),
                status.state(), reason, status.since(), live != null ? live.activeCalls() : 0, c.calls.sum(),
                c.connections.sum(), c.closedBeforeId.sum(), c.refused.sum(), c.protocolErrors.sum(),
                c.handshakeTimeouts.sum(), c.idleTimeouts.sum(), c.peerErrors.sum(), c.internalErrors.sum(),
                c.framesIn.sum() + t[0], c.framesOut.sum() + t[1], c.bytesIn.sum() + t[2], c.bytesOut.sum() + t[3],
                c.underruns.sum(), c.overflows.sum(), c.droppedOut.sum(), le == null ? null : le.message(),
                le == null ? null : le.at(), c.maxDurations.sum(), c.writeStalls.sum(),
                c.refusedNotAllowed.sum(), c.refusedBusy.sum());
    }
}
