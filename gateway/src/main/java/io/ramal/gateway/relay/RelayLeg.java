package io.ramal.gateway.relay;

import io.netty.buffer.ByteBuf;
import io.ramal.audio.AudioFormat;
import io.ramal.extensions.LogText;
import io.ramal.gateway.call.CallContext;
import io.ramal.gateway.call.CallHandler;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.call.EndReason;
import io.ramal.gateway.codec.AudioSocketKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * A queue call (caller or attendant) on a node that does not own its queue: pipes the call to the
 * owner over AudioSocket and plays the owner's audio back through this call's own pacer, so the
 * caller hears it one frame per tick as from any local handler. The owner runs the queue; this
 * handler only forwards.
 *
 * <p>At start it asks {@link RelayRoutes} where the queue's owner is. {@link Route.Remote}: it
 * dials the owner's relay port ({@link RelayLink}), sends the call's id, the signed
 * {@link RelayHeader} and then the caller's audio and digits. The owner's hangup frame ends the
 * call here (served, or the overflow's goodbye). The link lost in any other way (closed without a
 * hangup, unreachable, "not the owner", or silent for 3 s though owners pace a frame every 20 ms)
 * means the owner is gone: the call stays up (the pacer
 * plays silence) and every 200 ms the route is asked again: remote, the same node or another, and
 * the leg dials it with the same arrival time, so the caller keeps their place in the queue; local,
 * and the call is handed to {@code whenLocal}'s handler; unknown, and it keeps waiting. The caller
 * hanging up sends the owner the hangup frame.
 *
 * <p>Logs one line per event: {@code relay connected}, {@code relay lost} (once per outage, the
 * retries at DEBUG), {@code relay re-entered}, {@code relay waiting}. The relay counts as up when
 * the owner's first frame arrives: the owner refuses before it sends any, and paces silence from
 * the start. Confined to the call's event loop: no field needs a lock, and the link calls back
 * there.
 */
public final class RelayLeg implements CallHandler {

    /** Ticks between two looks at the route while no owner is connected: 200 ms. */
    static final int LOOKUP_TICKS = 10;
    /**
     * Ticks without a frame from an owner that had spoken before it is taken as gone: 3 s. An owner
     * paces a frame every 20 ms (silence when it has nothing to say), so a silent link means a
     * stalled or unreachable node; a partition or a power cut sends no FIN, and TCP alone would
     * keep the caller waiting for hours.
     */
    static final int OWNER_SILENT_TICKS = 150;

    private static final Logger LOG = LoggerFactory.getLogger(RelayLeg.class);

    private enum State { NEW, WAITING, CONNECTING, UP, ENDED }

    private final RelayRoutes routes;
    private final String queue;
    private final RelayRole role;
    private final long arrivedAtMillis;
    private final String fromNode;
    private final byte[] secret;
    private final Function<CallContext, CallHandler> whenLocal;
    private final RelayConnector connector;
    private final Events events = new Events();

    private CallContext ctx;
    private String prefix;
    private State state = State.NEW;
    /** The connection to the owner; null while looking for one. */
    private RelayLink link;
    /** The owner dialled last, for logs. */
    private String owner = "none";
    private int ticksToLookup;
    /** Ticks since the owner's last frame, while up. */
    private int silentTicks;
    private int attempts;
    private long startNanos;
    /** When the owner was lost; -1 while none was lost since the last owner answered. */
    private long lostNanos = -1;
    private boolean loggedWaiting;

    /**
     * A leg of {@code queue} for this node's call.
     *
     * @param routes          where each queue's owner is
     * @param role            caller or attendant
     * @param arrivedAtMillis when the call entered the queue (epoch ms): sent to every owner it meets
     * @param fromNode        this node's name
     * @param secret          the cluster secret, at least {@link RelayHeader#MIN_SECRET_BYTES} bytes; never logged
     * @param whenLocal       the handler that serves the call here once this node owns the queue
     * @param connector       how to dial the owners
     */
    public RelayLeg(RelayRoutes routes, String queue, RelayRole role, long arrivedAtMillis, String fromNode,
                    byte[] secret, Function<CallContext, CallHandler> whenLocal, RelayConnector connector) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.role = Objects.requireNonNull(role, "role");
        this.arrivedAtMillis = arrivedAtMillis;
        this.fromNode = Objects.requireNonNull(fromNode, "fromNode");
        this.secret = RelayHeader.checkSecret(secret);
        this.whenLocal = Objects.requireNonNull(whenLocal, "whenLocal");
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    // ---- CallHandler, on the call's loop ------------------------------------------------------

    @Override
    public void onStart(CallContext c) {
        ctx = c;
        prefix = c.call().logPrefix();
        // The call's record, written here where Asterisk's call is, names its queue; the owner writes
        // the queue events (answer, abandon) that the queue figures come from.
        if (role == RelayRole.ATTENDANT) {
            c.trace().attendantLine(queue);
        } else {
            c.trace().queued(queue, Instant.ofEpochMilli(arrivedAtMillis));
        }
        startNanos = System.nanoTime();
        lookup();
    }

    @Override
    public void onAudio(CallContext c, ByteBuf payload, AudioFormat format) {
        if (link != null) {
            link.sendAudio(AudioSocketKind.of(format), payload);
        } else if (state != State.ENDED) {
            connector.stats().countDroppedNoOwner();
        }
    }

    @Override
    public void onDtmf(CallContext c, char digit) {
        if (link == null || !link.sendDtmf(digit)) {
            LOG.debug("{} queue={} digit {} dropped: no owner connected", prefix, LogText.escape(queue),
                    LogText.escape(digit));
        }
    }

    @Override
    public void onTick(CallContext c) {
        if (state == State.WAITING && --ticksToLookup <= 0) {
            lookup();
        } else if (state == State.UP && ++silentTicks > OWNER_SILENT_TICKS) {
            RelayLink l = link;
            l.close();
            lost(l, "owner-silent", null);
        }
    }

    @Override
    public void onEnd(CallContext c, EndReason reason) {
        state = State.ENDED;
        if (link != null) {
            link.hangupAndClose();
            link = null;
        }
    }

    /** Live talk: a small buffer, so a faster far clock cannot build latency. */
    @Override
    public int playoutCapacityFrames(CallSettings s) {
        return s.livePlayoutCapacityFrames();
    }

    // ---- finding the owner --------------------------------------------------------------------

    private void lookup() {
        ticksToLookup = LOOKUP_TICKS;
        Route r;
        try {
            r = routes.route(queue);
        } catch (RuntimeException e) {
            LOG.error("{} queue={} relay routes failed", prefix, LogText.escape(queue), e);
            r = Route.UNKNOWN;
        }
        if (r instanceof Route.Remote remote) {
            dial(remote);
        } else if (r instanceof Route.Local) {
            becomeLocal();
        } else {
            state = State.WAITING;
            if (!loggedWaiting) {
                loggedWaiting = true;
                LOG.info("relay waiting {} queue={} reason=no-owner-known", prefix, LogText.escape(queue));
            }
        }
    }

    private void dial(Route.Remote remote) {
        state = State.CONNECTING;
        owner = remote.node();
        attempts++;
        RelayHeader h = new RelayHeader(ctx.call().id(), ctx.call().extension().ramal(), queue, role, arrivedAtMillis,
                fromNode, ctx.format().sampleRate(), connector.clock().millis());
        link = RelayLink.open(connector, ctx.eventLoop(), remote.address(), h, secret, events);
    }

    private void becomeLocal() {
        state = State.ENDED;
        connector.stats().countLocal();
        if (lostNanos >= 0) {
            LOG.info("relay re-entered {} queue={} owner=local after-ms={}", prefix, LogText.escape(queue),
                    (System.nanoTime() - lostNanos) / 1_000_000);
        }
        ctx.transfer(whenLocal.apply(ctx), "queue owner is now this node");
    }

    /** The owner answered: its first frame. */
    private void up() {
        state = State.UP;
        loggedWaiting = false;
        long now = System.nanoTime();
        boolean again = lostNanos >= 0;
        connector.stats().countUp(again);
        if (again) {
            LOG.info("relay re-entered {} queue={} owner={} after-ms={} arrived-at={}", prefix, LogText.escape(queue),
                    LogText.escape(owner), (now - lostNanos) / 1_000_000, arrivedAtMillis);
        } else {
            LOG.info("relay connected {} queue={} owner={} role={} ms={} attempts={}", prefix, LogText.escape(queue),
                    LogText.escape(owner), role.label(), (now - startNanos) / 1_000_000, attempts);
        }
        lostNanos = -1;
    }

    /** The link's reports; each names its link, and one that is no longer the leg's is ignored. */
    private final class Events implements RelayLink.Listener {

        @Override
        public void ownerAudio(RelayLink from, ByteBuf payload) {
            if (from != link || state == State.ENDED) {
                return;
            }
            if (state == State.CONNECTING) {
                up();
            }
            silentTicks = 0;
            ctx.play(payload);
        }

        @Override
        public void ownerHungUp(RelayLink from) {
            if (from != link || state == State.ENDED) {
                return;
            }
            link = null;
            state = State.ENDED;
            LOG.debug("{} queue={} owner={} ended the call", prefix, LogText.escape(queue), LogText.escape(owner));
            ctx.hangup("queue owner " + owner + " ended the call");
        }

        @Override
        public void linkLost(RelayLink from, String reason, Throwable cause) {
            lost(from, reason, cause);
        }

        @Override
        public void ownerAnswered(RelayLink from, Instant at, UUID attendant) {
            if (from == link && state != State.ENDED) {
                ctx.trace().answered(at, attendant); // the call's record, written here, has its answer
            }
        }
    }

    /** The owner is gone: the call stays up, and the route is asked again in 200 ms. One line per outage. */
    private void lost(RelayLink from, String reason, Throwable cause) {
        if (from != link || state == State.ENDED) {
            return;
        }
        link = null;
        state = State.WAITING;
        ticksToLookup = LOOKUP_TICKS;
        String why = cause == null ? "" : " cause=\"" + LogText.escape(cause.toString()) + "\"";
        if (lostNanos < 0) {
            lostNanos = System.nanoTime();
            connector.stats().countLost();
            LOG.warn("relay lost {} queue={} owner={} reason={}{}", prefix, LogText.escape(queue),
                    LogText.escape(owner), reason, why);
        } else {
            LOG.debug("relay retry failed {} queue={} owner={} reason={}{}", prefix, LogText.escape(queue),
                    LogText.escape(owner), reason, why);
        }
    }
}
