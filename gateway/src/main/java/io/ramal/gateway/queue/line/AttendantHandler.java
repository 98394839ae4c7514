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
import io.ramal.gateway.queue.audio.Bridge;
import io.ramal.gateway.queue.audio.Relay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

/**
 * An attendant's own call: logged in to its queues for as long as it lasts, bridged to one
 * caller at a time. Between callers it hears silence, or a beep every {@code beep-interval}.
 * When a caller is connected it hears silence while the caller hears "conectando", then the
 * same connect tone at the same moment, then the caller. DTMF (never relayed): the pause digit
 * stops new callers, the resume digit ends the pause, the end digit ends the conversation.
 *
 * <p>Confined to the call's event loop, like {@link CallerHandler}; the matchmaker's messages
 * wait in an {@link Inbox} for the next tick, as the caller's do.
 */
public final class AttendantHandler implements CallHandler, AttendantLine {

    private static final Logger LOG = LoggerFactory.getLogger(AttendantHandler.class);

    private final LineServices lines;
    private final AttendantRules settings;
    private final UUID id;
    private final String prefix;
    private final long beepTicks;
    private final Inbox inbox;
    private final Call call;

    private CallContext ctx;
    private final Feed feed = new Feed();
    private final Relay relay = new Relay();
    private boolean ended;
    /** Its queues moved to another node: the matchmaker forgot it already. */
    private boolean evicted;
    private boolean paused;
    private Bridge bridge;
    private long idleTicks;
    private AudioFormat format;
    private int ahead;

    /** The attendant of {@code call}, serving the queues of {@code settings}. */
    public AttendantHandler(LineServices lines, Call call, AttendantRules settings) {
        this.lines = lines;
        this.settings = settings;
        this.call = call;
        this.id = call.id();
        this.prefix = call.logPrefix();
        this.beepTicks = settings.beepInterval().toMillis() / AudioFormat.FRAME_MILLIS;
        this.inbox = new Inbox(prefix, () -> !ended);
    }

    @Override
    public void onStart(CallContext c) {
        ctx = c;
        inbox.open(c.eventLoop());
        format = c.format();
        ahead = lines.leadFrames();
        c.trace().attendantLine(settings.queues().get(0));
        LOG.info("{} attendant logged in queues={}", prefix, settings.queues());
        lines.legs().add(this);
        lines.matchmaker().login(id, prefix, settings.queues());
    }

    @Override
    public void onAudio(CallContext c, ByteBuf payload, AudioFormat f) {
        Bridge b = bridge;
        if (b != null) {
            b.toCaller().offer(payload, f.sampleRate());
        }
    }

    @Override
    public void onDtmf(CallContext c, char digit) {
        char d = Character.toUpperCase(digit);
        if (d == settings.pauseDigit()) {
            LOG.info("{} attendant pause", prefix);
            paused = true;
            acknowledge();
            lines.matchmaker().pause(id, true);
        } else if (d == settings.resumeDigit()) {
            LOG.info("{} attendant resume", prefix);
            paused = false;
            acknowledge();
            lines.matchmaker().pause(id, false);
        } else if (d == settings.endDigit()) {
            LOG.info("{} attendant ends the conversation bridged={}", prefix, bridge != null);
            lines.matchmaker().endConversation(id);
        } else {
            LOG.debug("{} attendant digit {} ignored (never relayed)", prefix, LogText.escape(digit));
        }
    }

    @Override
    public void onFormatChange(CallContext c, AudioFormat f) {
        format = f;
        feed.stopClips();
    }

    @Override
    public void onTick(CallContext c) {
        inbox.drain();
        if (bridge != null) {
            if (!feed.playingClip()) {
                relay.drain(bridge.toAttendant(), c);
                return;
            }
            bridge.toAttendant().skipAll();
        } else if (beepTicks > 0 && !paused && ++idleTicks % beepTicks == 0) {
            feed.play(lines.prompts().get(Prompt.BEEP, format));
        }
        feed.fill(c.playout(), format.frameBytes(), ahead);
    }

    @Override
    public void onEnd(CallContext c, EndReason reason) {
        ended = true;
        bridge = null;
        inbox.clear();
        lines.legs().remove(this);
        if (!evicted) {
            lines.matchmaker().logout(id);
        }
        LOG.info("{} attendant logged out reason={}", prefix, reason.label());
    }

    @Override
    public int playoutCapacityFrames(CallSettings s) {
        return s.livePlayoutCapacityFrames();
    }

    // ---- AttendantLine, on the matchmaker's thread ---------------------------------------------

    @Override
    public UUID id() {
        return id;
    }

    @Override
    public String label() {
        return prefix;
    }

    @Override
    public void connect(Bridge b) {
        inbox.post(() -> {
            bridge = b;
            ctx.playout().clear();
            feed.stopClips();
            // Silence while the caller hears "conectando", so that both hear the tone together.
            feed.play(lines.prompts().silenceLike(Prompt.CONNECTING, format));
            feed.play(lines.prompts().get(Prompt.CONNECT_TONE, format));
            LOG.info("{} attendant connected {}", prefix, b);
        });
    }

    @Override
    public void disconnect(Bridge b, String why) {
        inbox.post(() -> {
            if (bridge != b) {
                return;
            }
            bridge = null;
            idleTicks = 0;
            ctx.playout().clear();
            feed.stopClips();
            LOG.info("{} attendant conversation over: {}", prefix, why);
        });
    }

    @Override
    public List<String> queues() {
        return settings.queues();
    }

    @Override
    public void evict() {
        inbox.post(() -> {
            evicted = true;
            bridge = null;
            LOG.info("{} attendant moves to the queues' new owner node queues={}", prefix, settings.queues());
            lines.placement().evict(ctx, settings.queues().get(0), true, System.currentTimeMillis(),
                    c -> new AttendantHandler(lines, call, settings));
        });
    }

    private void acknowledge() {
        if (bridge == null) {
            feed.play(lines.prompts().get(Prompt.BEEP, format));
        }
    }
}
