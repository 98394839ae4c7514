package io.ramal.gateway.call;

import io.ramal.gateway.log.LogLimiter;

/**
 * The rate limits of one extension's per-connection and per-frame log lines, one
 * {@link LogLimiter} per kind of line: a flood of bad connections or a caller that misbehaves on
 * every frame writes one line at once and then at most one a minute with the count suppressed,
 * whatever the number of connections. Kept with the extension's {@link CallCounters}, across
 * re-binds; shared by its calls on every event loop.
 */
public final class CallLogLimits {

    public final LogLimiter refused = new LogLimiter();
    public final LogLimiter handshakeTimeout = new LogLimiter();
    public final LogLimiter protocolError = new LogLimiter();
    public final LogLimiter peerError = new LogLimiter();
    public final LogLimiter idleTimeout = new LogLimiter();
    public final LogLimiter maxDuration = new LogLimiter();
    /** A caller that never reads: as cheap to open by the hundred as a silent one. */
    public final LogLimiter writeStall = new LogLimiter();
    /** "audio format follows the caller": ordinary once a call, a flood when a caller flips. */
    public final LogLimiter formatChange = new LogLimiter();
    public final LogLimiter formatFlapping = new LogLimiter();
    /** "labelled slin look like G.711": once a call, but a misconfigured dialplan makes it every call. */
    public final LogLimiter looksLikeG711 = new LogLimiter();

    /** The limiter of the line that a call's limit running out writes: idle, max duration, write stall. */
    LogLimiter limit(EndReason reason) {
        return switch (reason) {
            case MAX_DURATION -> maxDuration;
            case WRITE_STALL -> writeStall;
            default -> idleTimeout;
        };
    }
}
