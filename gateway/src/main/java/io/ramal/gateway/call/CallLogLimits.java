package io.ramal.gateway.call;

import io.ramal.extensions.LogText;
import io.ramal.gateway.log.KeyedLogLimiter;
import io.ramal.gateway.log.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rate limits of one extension's per-connection and per-frame log lines, one
 * {@link LogLimiter} per kind of line: a flood of bad connections or a caller that misbehaves on
 * every frame writes one line at once and then at most one a minute with the count suppressed,
 * whatever the number of connections. Kept with the extension's {@link CallCounters}, across
 * re-binds; shared by its calls on every event loop.
 */
public final class CallLogLimits {

    private static final Logger LOG = LoggerFactory.getLogger(CallLogLimits.class);

    /** Refused source addresses tracked one by one, per extension: a bound on memory and on lines. */
    public static final int SOURCES_TRACKED = 256;

    public final LogLimiter refused = new LogLimiter();
    /**
     * Sources outside the allowlist, one limiter per source address: each source's first refusal
     * is logged at once, then one line a minute with its count; past {@link #SOURCES_TRACKED}
     * sources, a scan's other addresses share one line a minute.
     */
    public final KeyedLogLimiter<InetAddress> notAllowed = new KeyedLogLimiter<>(SOURCES_TRACKED);
    /** Calls over {@code max-calls}: a busy line refuses every call, one line a minute. */
    public final LogLimiter busy = new LogLimiter();
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
    /** An odd-length audio frame: once a call, but one frame is all a hostile connection needs. */
    public final LogLimiter oddLength = new LogLimiter();

    /** The limiter of the line that a call's limit running out writes: idle, max duration, write stall. */
    LogLimiter limit(EndReason reason) {
        return switch (reason) {
            case MAX_DURATION -> maxDuration;
            case WRITE_STALL -> writeStall;
            default -> idleTimeout;
        };
    }

    /**
     * Writes one summary line per kind whose lines were suppressed and whose window has passed:
     * {@code log lines suppressed ramal=9000 kind=protocol-error suppressed=1234}, and for refused
     * sources one per source ({@code kind=not-allowed source=203.0.113.9}). Called once a minute
     * from the status thread, so the count of a flood that stopped is not lost.
     */
    public void logSuppressed(String ramal) {
        for (Map.Entry<String, LogLimiter> e : byKind().entrySet()) {
            long n = e.getValue().takeSummary();
            if (n > 0) {
                LOG.warn("log lines suppressed ramal={} kind={} suppressed={}", LogText.escape(ramal), e.getKey(), n);
            }
        }
        notAllowed.summarize((source, n) -> LOG.warn("log lines suppressed ramal={} kind=not-allowed source={}"
                + " suppressed={}", LogText.escape(ramal), source == null ? "other-sources" : source.getHostAddress(), n));
    }

    private Map<String, LogLimiter> byKind() {
        Map<String, LogLimiter> m = new LinkedHashMap<>();
        m.put("refused", refused);
        m.put("busy", busy);
        m.put("handshake-timeout", handshakeTimeout);
        m.put("protocol-error", protocolError);
        m.put("peer-error", peerError);
        m.put("idle-timeout", idleTimeout);
        m.put("max-duration", maxDuration);
        m.put("write-stall", writeStall);
        m.put("format-change", formatChange);
        m.put("format-flapping", formatFlapping);
        m.put("looks-like-g711", looksLikeG711);
        m.put("odd-length", oddLength);
        return m;
    }
}
