package io.ramal.gateway.call;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one listener, shared by its calls across event loops. Frames and bytes are counted
 * in each call's own fields and added here when the call ends (reports add the live calls'
 * figures); underruns, overflows and dropped frames are added by each call's tick as they change,
 * so they show while a call is still up; per-call events (accepted, timeouts, errors) are added
 * as they happen. Nothing here is touched per frame unless something went wrong.
 */
public final class CallCounters {

    /** Connections accepted (identified or not). */
    public final LongAdder connections = new LongAdder();
    /** Calls that identified themselves and started. */
    public final LongAdder calls = new LongAdder();
    /** Connections closed by the peer before an id frame: ordinary, see AUDIOSOCKET.md. */
    public final LongAdder closedBeforeId = new LongAdder();
    /** Connections refused because the listener was draining or the mode had no handler. */
    public final LongAdder refused = new LongAdder();
    /** Connections closed at once because their source was outside the allowlist. */
    public final LongAdder refusedNotAllowed = new LongAdder();
    /** Connections hung up because {@code max-calls} or {@code gateway.max-calls} was reached. */
    public final LongAdder refusedBusy = new LongAdder();
    public final LongAdder protocolErrors = new LongAdder();
    public final LongAdder handshakeTimeouts = new LongAdder();
    public final LongAdder idleTimeouts = new LongAdder();
    /** Calls hung up because they lasted {@code call.max-duration}. */
    public final LongAdder maxDurations = new LongAdder();
    /** Calls hung up because the peer read nothing for {@code call.write-stall-timeout}. */
    public final LongAdder writeStalls = new LongAdder();
    public final LongAdder peerErrors = new LongAdder();
    public final LongAdder internalErrors = new LongAdder();
    /** Frames and bytes of finished calls; live calls add theirs when they end. */
    public final LongAdder framesIn = new LongAdder();
    public final LongAdder framesOut = new LongAdder();
    public final LongAdder bytesIn = new LongAdder();
    public final LongAdder bytesOut = new LongAdder();
    /** Live: each call adds its underruns, overflows and dropped frames on the tick they happen. */
    public final LongAdder underruns = new LongAdder();
    public final LongAdder overflows = new LongAdder();
    /** Outbound frames not sent because the socket's write buffer was above its high watermark. */
    public final LongAdder droppedOut = new LongAdder();

    /** The rate limits of this extension's per-connection and per-frame log lines. */
    public final CallLogLimits logLimits = new CallLogLimits();

    private final AtomicReference<LastError> lastError = new AtomicReference<>();

    /** The last error and when it happened. */
    public record LastError(String message, Instant at) {
    }

    /** Remembers {@code message} as the last error. */
    public void error(String message) {
        lastError.set(new LastError(message, Instant.now()));
    }

    /** The last error, or null. */
    public LastError lastError() {
        return lastError.get();
    }
}
