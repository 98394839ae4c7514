package io.ramal.gateway.ai;

import io.netty.buffer.ByteBuf;
import io.ramal.audio.AudioFormat;
import io.ramal.audio.EnergyDetector;
import io.ramal.audio.PlayoutBuffer;
import io.ramal.extensions.DbConfig;
import io.ramal.extensions.LogText;
import io.ramal.gateway.call.Call;
import io.ramal.gateway.call.CallContext;
import io.ramal.gateway.call.CallHandler;
import io.ramal.gateway.call.EndReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A call bridged to an AI voice agent over WebSocket (see the package documentation for the
 * protocol; the call's {@link AgentWire} speaks it). The caller's audio goes out as 20 ms frames;
 * the agent's audio, whatever its chunk size and however fast it comes, goes into the playout
 * buffer and reaches the caller at the pacer's 20 ms. What the caller says while the WebSocket
 * connects is held ({@link HeldAudio}) and sent right after {@code start}, each frame stamped with
 * its place in the stream. Marks are echoed once their audio has played,
 * {@code clear} empties the buffer at once, and control messages transfer or hang up. When the
 * agent cannot be reached, refuses, goes away or leaves the line dead, the extension's fallback
 * takes the call.
 *
 * <p>Confined to the call's event loop, like the agent's WebSocket (opened on that loop): no
 * field needs a lock.
 */
final class AiHandler implements CallHandler, AgentConnection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(AiHandler.class);

    /** Caller frames at or above this energy count as speech: for turn latency and dead air. */
    static final double SPEECH_DBFS = -45;

    private enum State { CONNECTING, STREAMING, DONE }

    private final AiModule module;
    private final Call call;
    private final AiSettings settings;
    private final String prefix;
    private final MarkQueue marks = new MarkQueue();
    private final CallerUplink.Sink toAgent = this::sendFrame;
    /** A held frame goes whatever the socket holds already: the backlog is bounded (two seconds). */
    private final HeldAudio.Sink sendHeld =
            (frame, ms) -> this.agent.send(this.wire.audio(this.agent.alloc(), frame, ms));
    /** The caller's frames while the agent connects. */
    private final HeldAudio held = new HeldAudio();
    private final Consumer<String> echoMark = this::echoMark;
    private final long silenceNanos;

    private CallContext ctx;
    private State state = State.CONNECTING;
    private URI uri;
    private AgentConnection agent;
    /** The protocol's side of the stream: how audio and control go out and come in. */
    private AgentWire wire;
    private AudioFormat agentFormat;
    private CallerUplink uplink;
    private AgentDownlink downlink;
    private PlayoutBuffer playout;
    private byte[] callerScratch = new byte[AudioFormat.SLIN_48K.frameBytes()];
    /** A transfer or hangup waiting for the playout buffer to empty, or null. */
    private Runnable afterPlayout;
    private String outcome;

    private long startNanos;
    private long connectNanos = -1;
    private long lastCallerSpeechNanos = Long.MIN_VALUE;
    private long lastAgentAudioNanos = Long.MIN_VALUE;
    /** Last moment the line was not dead: agent audio queued or arriving, or the caller speaking. */
    private long lastLiveNanos;

    private final List<Long> turnLatencies = new ArrayList<>();
    private long underruns;
    private long underrunsBase;
    private long callerDropped;
    private long marksEchoed;
    private long clears;
    private long framesCleared;
    private long badMessages;
    private AiCallStats stats;

    AiHandler(AiModule module, Call call, AiSettings settings) {
        this.module = module;
        this.call = call;
        this.settings = settings;
        this.prefix = call.logPrefix();
        this.silenceNanos = settings.agentSilenceTimeout().toNanos();
    }

    // ---- CallHandler --------------------------------------------------------------------------

    @Override
    public void onStart(CallContext c) {
        ctx = c;
        startNanos = System.nanoTime();
        lastLiveNanos = startNanos;
        playout = c.playout();
        underrunsBase = playout.underruns();
        agentFormat = settings.agentFormat(c.format());
        wire = settings.protocol().wire(MediaStreamWriter.newStream(call.id().toString()));
        buildPaths(c.format());
        try {
            uri = settings.uri(call.id(), call.extension().ramal());
        } catch (IllegalArgumentException e) {
            fallback("bad-url", e);
            return;
        }
        c.trace().agent(AiSettings.redacted(uri));
        LOG.debug("{} ai connecting url={} protocol={}", prefix, AiSettings.redacted(uri), settings.protocol().wireName());
        agent = AgentConnection.open(c.eventLoop(), module.transport().clientClass(), module.ssl(), module.resolver(),
                uri, settings.headers(), settings.connectTimeout(), this);
    }

    @Override
    public void onAudio(CallContext c, ByteBuf payload, AudioFormat format) {
        if (state == State.DONE) {
            return;
        }
        int len = payload.readableBytes() & ~1;
        if (len == 0) {
            return;
        }
        if (callerScratch.length < len) {
            callerScratch = new byte[len];
        }
        payload.getBytes(payload.readerIndex(), callerScratch, 0, len);
        if (EnergyDetector.dbfs(callerScratch, 0, len) >= SPEECH_DBFS) {
            lastCallerSpeechNanos = System.nanoTime();
            lastLiveNanos = lastCallerSpeechNanos;
        }
        uplink.accept(callerScratch, 0, len, toAgent);
    }

    @Override
    public void onDtmf(CallContext c, char digit) {
        if (state == State.STREAMING) {
            LOG.debug("{} ai dtmf digit={}", prefix, LogText.escape(digit));
            agent.sendText(wire.dtmf(agent.alloc(), digit));
        }
    }

    @Override
    public void onFormatChange(CallContext c, AudioFormat format) {
        // The core replaced the playout buffer with an empty one at the new rate: its audio is gone.
        PlayoutBuffer current = c.playout();
        underruns += playout.underruns() - underrunsBase;
        underrunsBase = current.underruns();
        playout = current;
        marks.releaseAll(echoMark);
        buildPaths(format);
    }

    @Override
    public void onTick(CallContext c) {
        if (state == State.DONE && afterPlayout == null) {
            return;
        }
        marks.releaseDue(playout.readPosition(), echoMark);
        long now = System.nanoTime();
        if (!playout.isEmpty()) {
            lastLiveNanos = now;
        }
        if (afterPlayout != null) {
            if (playout.isEmpty()) {
                Runnable action = afterPlayout;
                afterPlayout = null;
                action.run();
            }
            return;
        }
        if (state == State.STREAMING && silenceNanos > 0 && now - lastLiveNanos > silenceNanos) {
            fallback("agent-silent", null);
        }
    }

    @Override
    public void onEnd(CallContext c, EndReason reason) {
        if (stats != null) {
            return;
        }
        if (outcome == null) {
            outcome = reason == EndReason.REMOTE_HANGUP ? "caller-hangup" : reason.label();
        }
        state = State.DONE;
        afterPlayout = null;
        closeAgent();
        marks.drop();
        held.clear();
        underruns += playout.underruns() - underrunsBase;
        underrunsBase = playout.underruns();
        stats = new AiCallStats(call.extension().ramal(), outcome,
                connectNanos < 0 ? -1 : (connectNanos - startNanos) / 1_000_000,
                turnLatencies, underruns, uplink.frames(), callerDropped, downlink.millis(), marksEchoed, clears,
                framesCleared, badMessages);
        stats.logEnded(LOG, prefix);
        module.report(stats);
    }

    // ---- agent events -------------------------------------------------------------------------

    @Override
    public void agentOpen() {
        if (state != State.CONNECTING) {
            return;
        }
        state = State.STREAMING;
        connectNanos = System.nanoTime();
        lastLiveNanos = connectNanos;
        agent.sendText(wire.connected(agent.alloc()));
        agent.sendText(wire.start(agent.alloc(), call.extension().ramal(), settings.parameters(), agentFormat));
        int heldFrames = held.release(uplink.millis(), sendHeld);
        callerDropped += held.dropped();
        LOG.info("{} ai connected url={} protocol={} agent-rate={} connect-ms={} held-frames={} held-dropped={}", prefix,
                AiSettings.redacted(uri), settings.protocol().wireName(), agentFormat.sampleRate(),
                (connectNanos - startNanos) / 1_000_000, heldFrames, held.dropped());
    }

    @Override
    public void agentText(ByteBuf utf8) {
        if (state != State.STREAMING) {
            return;
        }
        AgentMessage m;
        try {
            m = wire.text(utf8);
        } catch (AgentMessage.BadMessageException e) {
            badMessage(e.getMessage());
            return;
        }
        if (m instanceof AgentMessage.Media media) {
            agentAudio();
            downlink.accept(media.audio(), 0, media.audio().length, playout);
        } else if (m instanceof AgentMessage.Mark mark) {
            playout.flushPartial();
            marks.add(mark.name(), playout.writePosition());
            marks.releaseDue(playout.readPosition(), echoMark);
        } else if (m instanceof AgentMessage.Clear) {
            clear();
        } else if (m instanceof AgentMessage.Transfer t) {
            transferRequested(t.target(), t.afterPlayout());
        } else if (m instanceof AgentMessage.Hangup h) {
            LOG.info("{} ai agent asked to hang up after-playout={}", prefix, h.afterPlayout());
            whenPlayedOrNow(h.afterPlayout(), () -> {
                outcome = "hangup";
                state = State.DONE;
                ctx.trace().hungUpBy("agent");
                ctx.hangup("ai agent asked to hang up");
            });
        } else if (m instanceof AgentMessage.Ignored i) {
            LOG.debug("{} ai ignored event={}", prefix, LogText.escape(i.event()));
        }
    }

    @Override
    public void agentBinary(ByteBuf data) {
        if (state != State.STREAMING) {
            return;
        }
        try {
            ByteBuf audio = wire.binary(data);
            agentAudio();
            downlink.accept(audio, playout);
        } catch (AgentMessage.BadMessageException e) {
            badMessage(e.getMessage());
        }
    }

    @Override
    public void agentClosed(String why, Throwable cause) {
        if (state == State.DONE || ctx == null || !ctx.isActive()) {
            return;
        }
        if (afterPlayout != null) {
            // The agent said what should happen and left: that still happens after the audio.
            LOG.info("{} ai agent closed with a request pending why={}", prefix, LogText.escape(why));
            state = State.DONE;
            return;
        }
        fallback(why, cause);
    }

    // ---- internals ----------------------------------------------------------------------------

    private void buildPaths(AudioFormat callFormat) {
        uplink = wire.uplink(callFormat, agentFormat, uplink == null ? 0 : uplink.frames());
        downlink = wire.downlink(agentFormat, callFormat, downlink == null ? 0 : downlink.bytesIn());
    }

    /** A 20 ms frame from the uplink: to the agent, or held while it connects. */
    private void sendFrame(byte[] frame) {
        if (state == State.CONNECTING) {
            held.add(frame);
            return;
        }
        sendFrame(frame, uplink.millis() - AudioFormat.FRAME_MILLIS);
    }

    private void sendFrame(byte[] frame, long timestampMs) {
        if (!agent.isWritable()) {
            callerDropped++;
            return;
        }
        agent.send(wire.audio(agent.alloc(), frame, timestampMs));
    }

    private void agentAudio() {
        long now = System.nanoTime();
        if (lastCallerSpeechNanos != Long.MIN_VALUE && lastCallerSpeechNanos > lastAgentAudioNanos) {
            turnLatencies.add((now - lastCallerSpeechNanos) / 1_000_000);
        }
        lastAgentAudioNanos = now;
        lastLiveNanos = now;
    }

    private void echoMark(String name) {
        marksEchoed++;
        if (agent != null) {
            agent.sendText(wire.mark(agent.alloc(), name));
        }
    }

    private void clear() {
        int dropped = playout.clear();
        downlink.reset();
        clears++;
        framesCleared += dropped;
        int echoed = marks.releaseAll(echoMark);
        LOG.debug("{} ai clear frames-dropped={} marks-echoed={}", prefix, dropped, echoed);
    }

    private void transferRequested(String target, boolean afterPlayoutWanted) {
        String shown = LogText.escape(target); // the agent chose it
        Optional<CallHandler> next;
        try {
            next = module.transfers().find(target, call);
        } catch (RuntimeException e) {
            LOG.error("{} ai transfer lookup failed target={}", prefix, shown, e);
            next = Optional.empty();
        }
        if (next.isEmpty()) {
            LOG.warn("{} ai transfer refused target={} reason=unknown-target", prefix, shown);
            agent.sendText(wire.ramalFailed(agent.alloc(), "transfer", target, "unknown target"));
            return;
        }
        CallHandler handler = next.get();
        LOG.info("{} ai agent asked for transfer target={} after-playout={}", prefix, shown, afterPlayoutWanted);
        whenPlayedOrNow(afterPlayoutWanted, () -> {
            outcome = "transfer";
            state = State.DONE;
            ctx.transfer(handler, target, "ai agent asked: transfer to " + target);
        });
    }

    private void whenPlayedOrNow(boolean wait, Runnable action) {
        if (wait && !playout.isEmpty()) {
            playout.flushPartial();
            afterPlayout = action;
        } else {
            action.run();
        }
    }

    private void badMessage(String what) {
        badMessages++;
        long suppressed = module.badMessageLimit(call.extension().ramal()).acquire();
        if (suppressed >= 0) { // a broken agent sends them by the thousand: one line a minute per extension
            LOG.warn("{} ai bad message from agent reason=\"{}\" count={} suppressed={}", prefix, LogText.escape(what), badMessages,
                    suppressed);
        }
    }

    private void fallback(String why, Throwable cause) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        outcome = "fallback";
        held.clear();
        FallbackHandler h = FallbackHandler.of(module, settings, call,
                uri == null ? LogText.escape(DbConfig.maskUrl(settings.url())) : AiSettings.redacted(uri), why, cause);
        closeAgent();
        ctx.transfer(h, "ai fallback: " + why);
    }

    private void closeAgent() {
        if (agent != null) {
            agent.close(agent.isOpen() ? wire.stop(agent.alloc()) : null);
        }
    }
}
