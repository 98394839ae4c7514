package io.ramal.gateway.call;

import io.netty.channel.Channel;
import io.ramal.gateway.log.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * What a listener answered a new connection ({@link CallOwner#register}: draining, the
 * allowlist) or a call's id frame ({@link CallOwner#startCall}: the call limits): served, or
 * refused and why. Each refusal is counted under its own {@code reason} in
 * {@code ramal_connections_refused_total} and ends the connection its own way: a source outside
 * the allowlist is closed before a byte is read; a busy line gets the hangup frame, so Asterisk's
 * dialplan moves on.
 */
public enum Admission {
    /** Registered: the call may proceed. */
    ACCEPTED,
    /** The listener is draining or stopped. */
    DRAINING,
    /** The source address is outside the extension's allowlist ({@code allow} or {@code gateway.allow}). */
    NOT_ALLOWED,
    /** The extension's {@code max-calls} is reached (calls that sent their id). */
    BUSY,
    /** The gateway's {@code gateway.max-calls} is reached: counted as busy too. */
    GATEWAY_BUSY;

    /** The session's logger: refusals are lines about connections, where operators look for them. */
    private static final Logger LOG = LoggerFactory.getLogger(CallSession.class);

    /**
     * Ends a refused connection, on its event loop: a source outside the allowlist is closed at
     * once, before any byte is read (reading starts only once channelActive returns); a call
     * over the limits gets the hangup frame in answer to its id, so Asterisk's dialplan moves on. Counted; logged at most once a
     * minute per extension and reason (a refused source: per extension and source address), with
     * the count of lines suppressed since.
     */
    void refuse(CallOwner owner, Channel channel, SocketAddress remote) {
        String ramal = owner.extension().ramal();
        CallCounters c = owner.counters();
        switch (this) {
            case NOT_ALLOWED -> {
                c.refusedNotAllowed.increment();
                LogLimiter limiter = c.logLimits.notAllowed.of(remote instanceof InetSocketAddress a ? a.getAddress() : null);
                long suppressed = limiter.acquire();
                if (suppressed >= 0) {
                    LOG.warn("connection refused ramal={} remote={} reason=not-allowed suppressed={}{}", ramal, remote,
                            suppressed, c.logLimits.notAllowed.isOthers(limiter) ? " other-sources=true" : "");
                }
                channel.close();
            }
            case BUSY, GATEWAY_BUSY -> {
                c.refusedBusy.increment();
                long suppressed = c.logLimits.busy.acquire();
                if (suppressed >= 0) {
                    LOG.warn("connection refused ramal={} remote={} reason=busy limit={} suppressed={}", ramal, remote,
                            this == BUSY ? "max-calls" : "gateway.max-calls", suppressed);
                }
                Hangup.sendAndClose(channel, owner.settings().hangupGrace());
            }
            default -> {
                c.refused.increment();
                LOG.debug("connection refused ramal={} remote={} reason=listener-draining", ramal, remote);
                channel.close();
            }
        }
    }
}
