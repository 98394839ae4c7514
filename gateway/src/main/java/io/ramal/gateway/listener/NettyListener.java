package io.ramal.gateway.listener;

import io.netty.channel.Channel;
import io.ramal.extensions.Extension;
import io.ramal.extensions.Listener;
import io.ramal.extensions.SourceAllowlist;
import io.ramal.gateway.call.Admission;
import io.ramal.gateway.call.Call;
import io.ramal.gateway.call.CallCounters;
import io.ramal.gateway.call.CallHandler;
import io.ramal.gateway.call.CallOwner;
import io.ramal.gateway.call.CallRecorder;
import io.ramal.gateway.call.CallSession;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.call.EndReason;
import io.ramal.gateway.call.Pacers;
import io.ramal.gateway.handler.Handlers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One extension's server socket and the calls it accepted. Thread-safe: the manager updates and
 * drains it from its own thread while its calls run on the event loops.
 */
public final class NettyListener implements Listener, CallOwner {

    private static final Logger LOG = LoggerFactory.getLogger(NettyListener.class);

    private volatile Channel serverChannel;
    private final Handlers handlers;
    private final CallSettings settings;
    private final Pacers pacers;
    private final CallCounters counters;
    private final Set<CallSession> sessions = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private final Instant boundSince = Instant.now();
    private volatile Extension extension;
    private volatile boolean draining;
    private final boolean recordsCalls;
    private final CallLimits limits;
    private final CallRecorder recorder;
    /** The sessions that identified and hold a call slot: a subset of {@link #sessions}. */
    private final Set<CallSession> calling = ConcurrentHashMap.newKeySet();
    /** Call slots held now, for {@code max-calls}: calling's size is not atomic with its check. */
    private final AtomicInteger held = new AtomicInteger();

    NettyListener(Extension extension, Handlers handlers, CallSettings settings, Pacers pacers,
                  CallCounters counters, boolean recordsCalls, CallLimits limits, CallRecorder recorder) {
        this.recorder = recorder;
        this.extension = extension;
        this.limits = limits;
        this.recordsCalls = recordsCalls;
        this.handlers = handlers;
        this.settings = settings;
        this.pacers = pacers;
        this.counters = counters;
    }

    /** Set once, as soon as the bind starts, before the manager can see this listener. */
    void serverChannel(Channel channel) {
        this.serverChannel = channel;
    }

    /** The listening socket's channel (tests read its options). */
    Channel serverChannel() {
        return serverChannel;
    }

    @Override
    public Extension extension() {
        return extension;
    }

    @Override
    public void update(Extension next) {
        Extension prev = extension;
        if (prev.needsRebind(next)) {
            throw new IllegalArgumentException("ramal " + next.ramal() + " moved from " + prev.address()
                    + " to " + next.address() + ": needs a new listener, not an update");
        }
        handlers.check(next); // bad settings keep the running version serving, and say why
        extension = next;
        LOG.info("listener updated ramal={} address={} mode={}", next.ramal(), next.address(), next.mode().wireName());
    }

    /** False once the listener stopped accepting (draining or shut down). */
    public boolean accepting() {
        return !draining;
    }

    @Override
    public CompletableFuture<Void> stopAccepting() {
        draining = true;
        CompletableFuture<Void> f = new CompletableFuture<>();
        serverChannel.close().addListener(x -> f.complete(null));
        return f;
    }

    @Override
    public CompletableFuture<Void> drain(Duration timeout) {
        CompletableFuture<Void> closed = stopAccepting();
        checkDrained();
        serverChannel.eventLoop().schedule(() -> {
            if (!sessions.isEmpty()) {
                LOG.info("drain timeout ramal={} hanging-up={}", extension.ramal(), sessions.size());
                for (CallSession s : sessions) {
                    s.hangup(EndReason.DRAINED, "drain timeout");
                }
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return closed.thenCompose(x -> drained);
    }

    @Override
    public int activeCalls() {
        return sessions.size();
    }

    /**
     * Frames and bytes of the calls in progress, as {framesIn, framesOut, bytesIn, bytesOut}: the
     * counters hold finished calls only. Read across threads without locks; a report may lag a
     * frame behind, never more.
     */
    public long[] liveTraffic() {
        long[] t = new long[4];
        for (CallSession s : sessions) {
            t[0] += s.framesIn();
            t[1] += s.framesOut();
            t[2] += s.bytesIn();
            t[3] += s.bytesOut();
        }
        return t;
    }

    /** Hangs up every call now (shutdown) and closes the server socket. */
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> closed = stopAccepting();
        for (CallSession s : sessions) {
            s.hangup(EndReason.SHUTDOWN, "gateway shutting down");
        }
        checkDrained();
        return closed.thenCompose(x -> drained);
    }

    /** Completes once the listener stopped accepting and its last call ended. */
    CompletableFuture<Void> drainedFuture() {
        return drained;
    }

    /** The counters of this listener. */
    @Override
    public CallCounters counters() {
        return counters;
    }

    /** When the server socket was bound. */
    public Instant boundSince() {
        return boundSince;
    }

    /** The address the server socket is bound to (with the real port when 0 was asked). */
    public java.net.SocketAddress localAddress() {
        return serverChannel.localAddress();
    }

    // ---- CallOwner ----------------------------------------------------------------------------

    @Override
    public CallHandler newHandler(Call call) {
        return handlers.create(call);
    }

    @Override
    public boolean recordsCalls() {
        return recordsCalls;
    }

    @Override
    public CallRecorder recorder() {
        return recorder;
    }

    @Override
    public CallSettings settings() {
        return settings;
    }

    @Override
    public Pacers pacers() {
        return pacers;
    }

    @Override
    public Admission register(CallSession session, InetAddress source) {
        if (draining) {
            return Admission.DRAINING;
        }
        Extension ext = extension;
        SourceAllowlist allow = ext.allow() != null ? ext.allow() : limits.defaultAllow();
        if (source != null && !allow.allows(source)) {
            return Admission.NOT_ALLOWED;
        }
        sessions.add(session);
        return Admission.ACCEPTED;
    }

    @Override
    public Admission startCall(CallSession session) {
        if (!CallLimits.acquire(held, extension.maxCalls())) {
            return Admission.BUSY;
        }
        if (!limits.acquire()) {
            held.decrementAndGet();
            return Admission.GATEWAY_BUSY;
        }
        calling.add(session);
        return Admission.ACCEPTED;
    }

    @Override
    public void unregister(CallSession session) {
        sessions.remove(session);
        if (calling.remove(session)) { // only a call that identified holds a slot
            held.decrementAndGet();
            limits.release();
        }
        checkDrained();
    }

    private void checkDrained() {
        if (draining && sessions.isEmpty()) {
            drained.complete(null);
        }
    }
}
