package io.ramal.gateway.queue.line;

import io.netty.buffer.ByteBuf;
import io.ramal.audio.AudioFormat;
import io.ramal.extensions.LogText;
import io.ramal.gateway.call.Call;
import io.ramal.gateway.call.CallContext;
import io.ramal.gateway.call.CallHandler;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.call.EndReason;
import io.ramal.gateway.prompt.Prompt;
import io.ramal.gateway.prompt.Prompts;
import io.ramal.gateway.queue.audio.Bridge;
import io.ramal.gateway.queue.audio.Relay;
import io.ramal.gateway.queue.match.Overflow;
import io.ramal.gateway.queue.match.QueueRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A caller in a queue: hold audio and position announcements while waiting, "conectando" and
 * the connect tone when an attendant is paired, then the attendant's voice; the requeue prompt
 * when the attendant hangs up; the overflow when the queue cannot keep them.
 *
 * <p>The matchmaker's messages hop to the call's event loop into its {@link Inbox}, and take
 * effect at the next tick, just before the pacer takes the frame they start: so what the handler
 * reports as heard (connected, back to waiting) is what the caller was sent. Everything is
 * confined to the call's event loop except {@link #id} and the inbox's loop, fixed before the
 * matchmaker first sees this call.
 */
public final class CallerHandler implements CallHandler, CallerLine {

    private static final Logger LOG = LoggerFactory.getLogger(CallerHandler.class);

    private enum State { WAITING, BRIDGED, LEAVING, ENDED }

    private final LineServices lines;
    private final Call call;
    private final QueueRules settings;
    private final UUID id;
    private final String prefix;
    private final Inbox inbox;
    /** When the caller first joined the queue (epoch ms), on whichever node: kept when the queue moves. */
    private final long arrivedAt;

    private CallContext ctx;
    private final Feed feed = new Feed();
    private final Relay relay = new Relay();
    private State state = State.WAITING;
    private Bridge bridge;
    private boolean confirm;
    /** The attendant ended the conversation: the hangup that follows ends a bridged call. */
    private boolean endedBridged;
    private AudioFormat format;
    private int ahead;

    /** A caller of {@code call} for the queue of {@code settings}, arriving now. */
    public CallerHandler(LineServices lines, Call call, QueueRules settings) {
        this(lines, call, settings, System.currentTimeMillis());
    }

    /** A caller of {@code call} who joined the queue of {@code settings} at {@code arrivedAtMillis}, here or on another node. */
    public CallerHandler(LineServices lines, Call call, QueueRules settings, long arrivedAtMillis) {
        this.arrivedAt = arrivedAtMillis;
        this.lines = lines;
        this.call = call;
        this.settings = settings;
        this.id = call.id();
        this.prefix = call.logPrefix();
        this.inbox = new Inbox(prefix, () -> state != State.ENDED);
    }

    // ---- CallHandler, on the call's loop ------------------------------------------------------

    @Override
    public void onStart(CallContext c) {
        ctx = c;
        inbox.open(c.eventLoop());
        format = c.format();
        ahead = lines.leadFrames();
        feed.loop(lines.prompts().get(Prompt.HOLD, format));
        c.trace().queued(settings.queue(), Instant.ofEpochMilli(Math.min(arrivedAt, System.currentTimeMillis())));
        LOG.info("{} queue={} waiting priority={}", prefix, settings.queue(), settings.priority());
        lines.legs().add(this);
        lines.matchmaker().enqueue(id, prefix, settings, arrivedAt);
    }

    @Override
    public void onAudio(CallContext c, ByteBuf payload, AudioFormat f) {
        Bridge b = bridge;
        if (state == State.BRIDGED && b != null) {
            b.toAttendant().offer(payload, f.sampleRate());
        }
    }

    @Override
    public void onDtmf(CallContext c, char digit) {
        LOG.debug("{} queue={} caller digit {} ignored (never relayed)", prefix, settings.queue(), LogText.escape(digit));
    }

    @Override
    public void onFormatChange(CallContext c, AudioFormat f) {
        formatChanged(f);
    }

    @Override
    public void onTick(CallContext c) {
        inbox.drain();
        if (state == State.ENDED) {
            return; // hung up or transferred by a message
        }
        if (confirm) {
            confirm = false;
            if (state == State.BRIDGED) {
                lines.matchmaker().callerConnected(id, bridge.pairing()); // its first frame leaves on this very tick
                c.trace().answered(Instant.now(), bridge.pairing().attendant());
            }
        }
        if (state == State.BRIDGED && !feed.playingClip()) {
            relay.drain(bridge.toCaller(), c);
            return;
        }
        if (state == State.BRIDGED) {
            bridge.toCaller().skipAll(); // the caller hears "conectando" and the tone, not yet the attendant
        }
        feed.fill(c.playout(), format.frameBytes(), ahead);
        if (state == State.LEAVING && !feed.playingClip() && c.playout().isEmpty()) {
            state = State.ENDED;
            c.hangup("queue " + settings.queue() + " overflow: goodbye played");
        }
    }

    @Override
    public void onEnd(CallContext c, EndReason reason) {
        boolean bridged = state == State.BRIDGED;
        boolean queued = state != State.LEAVING && state != State.ENDED;
        state = State.ENDED;
        bridge = null;
        inbox.clear();
        lines.legs().remove(this);
        if (queued || bridged) {
            lines.matchmaker().callerLeft(id, bridged);
        }
        LOG.info("{} queue={} left reason={} bridged={}", prefix, settings.queue(), reason.label(),
                bridged || endedBridged);
    }

    @Override
    public int playoutCapacityFrames(CallSettings s) {
        return s.livePlayoutCapacityFrames();
    }

    // ---- CallerLine, on the matchmaker's thread: hop to the loop -------------------------------

    @Override
    public UUID id() {
        return id;
    }

    @Override
    public String label() {
        return prefix;
    }

    @Override
    public void position(int position, int estimateMinutes) {
        inbox.post(() -> announce(position, estimateMinutes));
    }

    @Override
    public void connect(Bridge b) {
        inbox.post(() -> connected(b));
    }

    @Override
    public void requeued() {
        inbox.post(this::backToQueue);
    }

    @Override
    public void completedByAttendant() {
        inbox.post(() -> {
            endedBridged = state == State.BRIDGED;
            state = State.ENDED;
            ctx.trace().hungUpBy("attendant");
            LOG.info("{} queue={} attendant ended the conversation, hanging up", prefix, settings.queue());
            ctx.hangup("attendant ended the conversation");
        });
    }

    @Override
    public void overflow(Overflow target) {
        inbox.post(() -> overflowTo(target));
    }

    @Override
    public String queue() {
        return settings.queue();
    }

    @Override
    public void evict() {
        inbox.post(() -> {
            if (state == State.ENDED || state == State.LEAVING) {
                return;
            }
            boolean bridged = state == State.BRIDGED;
            state = State.ENDED; // the matchmaker forgot this caller already: onEnd tells it nothing
            bridge = null;
            LOG.info("{} queue={} moves to the queue's new owner node bridged={}", prefix, settings.queue(), bridged);
            lines.placement().evict(ctx, settings.queue(), false, arrivedAt,
                    c -> new CallerHandler(lines, call, settings, arrivedAt));
        });
    }

    // ---- the messages, applied on the loop at a tick ------------------------------------------

    private void announce(int position, int estimateMinutes) {
        if (state != State.WAITING) {
            return;
        }
        Prompts p = lines.prompts();
        List<byte[]> clips = new ArrayList<>(8);
        if (position <= Prompt.MAX_NUMBER) {
            clips.add(p.get(Prompt.YOU_ARE_NUMBER, format));
            clips.add(p.number(position, format));
            clips.add(p.get(Prompt.IN_QUEUE, format));
        }
        if (estimateMinutes > 0) {
            clips.add(p.get(Prompt.ESTIMATED_WAIT, format));
            clips.add(p.number(estimateMinutes, format));
            clips.add(p.get(estimateMinutes == 1 ? Prompt.MINUTE : Prompt.MINUTES, format));
        }
        clips.add(p.get(Prompt.PLEASE_HOLD, format));
        feed.replaceQueued(clips);
        LOG.debug("{} queue={} position={} estimate-min={}", prefix, settings.queue(), position, estimateMinutes);
    }

    private void connected(Bridge b) {
        if (state != State.WAITING) {
            return;
        }
        state = State.BRIDGED;
        bridge = b;
        confirm = true;
        ctx.playout().clear();
        feed.stopClips();
        feed.loop(null);
        feed.play(lines.prompts().get(Prompt.CONNECTING, format));
        feed.play(lines.prompts().get(Prompt.CONNECT_TONE, format));
        LOG.info("{} queue={} connected {}", prefix, settings.queue(), b);
    }

    private void backToQueue() {
        if (state != State.BRIDGED) {
            return;
        }
        state = State.WAITING;
        bridge = null;
        confirm = false;
        ctx.playout().clear();
        feed.stopClips();
        feed.play(lines.prompts().get(Prompt.ATTENDANT_LEFT, format));
        feed.loop(lines.prompts().get(Prompt.HOLD, format));
        LOG.info("{} queue={} attendant hung up, back at the head of the queue", prefix, settings.queue());
    }

    private void overflowTo(Overflow target) {
        if (state == State.ENDED || state == State.LEAVING) {
            return;
        }
        ctx.trace().overflowed();
        bridge = null;
        if (target.kind() == Overflow.Kind.RAMAL) {
            Optional<CallHandler> next = Optional.empty();
            try {
                next = lines.lookup().find(target.target(), call);
            } catch (RuntimeException e) {
                LOG.error("{} queue={} overflow lookup failed ramal={}", prefix, settings.queue(), target.target(), e);
            }
            if (next.isPresent()) {
                state = State.ENDED;
                ctx.playout().clear();
                ctx.transfer(next.get(), target.target(), "queue " + settings.queue() + " overflow to ramal " + target.target());
                return;
            }
            LOG.warn("{} queue={} overflow ramal {} not found, goodbye instead", prefix, settings.queue(),
                    target.target());
        }
        LOG.info("{} queue={} overflow, goodbye prompt then hangup", prefix, settings.queue());
        state = State.LEAVING;
        ctx.playout().clear();
        feed.stopClips();
        feed.loop(null);
        feed.play(lines.prompts().get(Prompt.NO_ATTENDANT, format));
    }

    private void formatChanged(AudioFormat next) {
        // The session made a new playout buffer at the caller's rate: the prompts follow.
        format = next;
        feed.stopClips();
        if (state == State.WAITING) {
            feed.loop(lines.prompts().get(Prompt.HOLD, format));
        } else if (state == State.LEAVING) {
            feed.loop(null);
            feed.play(lines.prompts().get(Prompt.NO_ATTENDANT, format));
        }
    }
}
