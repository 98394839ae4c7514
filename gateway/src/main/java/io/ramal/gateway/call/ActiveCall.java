package io.ramal.gateway.call;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.ramal.audio.AudioFormat;
import io.ramal.audio.PlayoutBuffer;
import io.ramal.extensions.LogText;
import io.ramal.gateway.codec.AudioSocketKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Duration;

/**
 * A call from its id frame to its end, as its handler sees it: the {@link CallContext}. Holds the handler,
 * the caller's format and the playout buffer (shaped by the {@link PlayoutPolicy}); passes the handler the
 * caller's audio and digits; follows the caller's format, telling the handler once per change; sends one
 * frame per pacer tick through its reused {@link OutboundFrame}; hands the call from handler to handler on
 * a transfer. The {@link CallSession} it belongs to owns the connection: protocol, timers, how it ends.
 *
 * <p>Confined to the channel's event loop: no field needs a lock.
 */
final class ActiveCall implements CallContext {

    /** The session's logger: the lines of a call read as one stream, whichever half writes them. */
    private static final Logger LOG = LoggerFactory.getLogger(CallSession.class);

    private final CallSession session;
    private final CallOwner owner;
    private final Call call;
    private final Channel channel;
    private final PlayoutPolicy policy;
    private final CallStats stats;
    private final Pacer pacer;
    private final OutboundFrame outFrame = new OutboundFrame();
    private final CallTrace trace = new CallTrace();
    /** The call's limits (idle, maximum duration, write stall) and its start, in nanoseconds. */
    private final long idleNanos, maxNanos, stallNanos, startNanos;
    /** When the caller's last format changes came, a ring of {@code call.max-format-changes-per-second}; null when off. */
    private final long[] formatChanges;
    private int formatChangeCount;

    /** The pacer's record of this call; the pacer alone writes it. */
    private Pacer.Entry pacing;
    private CallHandler handler;
    private AudioFormat format;
    private AudioSocketKind outKind;
    private PlayoutBuffer playout;
    /**
     * When the caller last sent audio. Only audio counts: a DTMF digit now and then costs the
     * caller nothing while the call streams back to it, so it must not keep an idle call.
     */
    private long lastInboundNanos;
    private boolean warnedFormat;
    /** The socket was above its high watermark at the last tick, since {@link #unwritableSince}. */
    private boolean unwritable;
    private long unwritableSince;
    private boolean warnedOddLength;
    private boolean ended;

    ActiveCall(CallSession session, CallOwner owner, Call call, Channel channel, CallHandler handler,
               AudioFormat format, CallStats stats) {
        this.session = session;
        this.owner = owner;
        this.call = call;
        this.channel = channel;
        this.handler = handler;
        this.stats = stats;
        this.policy = new PlayoutPolicy(owner.settings());
        this.idleNanos = owner.settings().idleTimeout().toNanos();
        this.maxNanos = owner.settings().maxDuration().toNanos();
        this.stallNanos = owner.settings().writeStallTimeout().toNanos();
        this.format = format;
        this.outKind = AudioSocketKind.of(format);
        this.playout = policy.newBuffer(format, handler);
        this.pacer = owner.pacers().of(channel.eventLoop());
        this.startNanos = pacer.now();
        this.lastInboundNanos = startNanos;
        int maxChanges = owner.settings().maxFormatChangesPerSecond();
        this.formatChanges = maxChanges > 0 ? new long[maxChanges] : null;
    }

    /** Joins the pacer and starts the handler. */
    void start() {
        pacing = pacer.add(this);
        handler.onStart(this);
    }

    // ---- from the caller ----------------------------------------------------------------------

    /** A frame of the caller's audio, of {@code kind}. */
    void audio(AudioSocketKind kind, ByteBuf payload) {
        int n = payload.readableBytes();
        stats.received(n);
        if ((n & 1) != 0) {
            n = dropHalfSample(kind, payload, n);
        }
        if (n == 0) {
            return; // an empty frame carries no audio: it does not keep the call either
        }
        lastInboundNanos = pacer.now();
        if (kind.format() != format) {
            if (flapping(pacer.now())) {
                formatFlapping();
                return;
            }
            switchFormat(kind.format());
        }
        if (!warnedFormat && kind == AudioSocketKind.AUDIO_8K && n == AudioFormat.SLIN_8K.frameBytes() / 2) {
            warnedFormat = true;
            long suppressed = owner.counters().logLimits.looksLikeG711.acquire();
            if (suppressed >= 0) {
                LOG.warn("{} audio frames of {} bytes labelled slin 8 kHz look like G.711: "
                        + "use Dial(AudioSocket/host:port/uuid/c(slin)) suppressed={}", call.logPrefix(), n, suppressed);
            }
        }
        handler.onAudio(this, payload, format);
    }

    /**
     * An odd-length frame ends in half a sample: Asterisk sends one (113 bytes) at the end of a
     * mu-law call it labels slin. The call goes on without that byte, and says why once.
     */
    private int dropHalfSample(AudioSocketKind kind, ByteBuf payload, int n) {
        if (!warnedOddLength) {
            warnedOddLength = true;
            long suppressed = owner.counters().logLimits.oddLength.acquire();
            if (suppressed >= 0) {
                LOG.warn("{} audio frame of {} bytes (odd) labelled {}: its last byte is dropped; odd lengths "
                        + "suggest G.711 sent as slin: use Dial(AudioSocket/host:port/uuid/c(slin)) suppressed={}",
                        call.logPrefix(), n, kind, suppressed);
            }
        }
        payload.writerIndex(payload.writerIndex() - 1);
        return n - 1;
    }

    /** A DTMF digit from the caller. */
    void dtmf(char digit) {
        handler.onDtmf(this, digit);
    }

    /** The caller's audio changed kind: the playout follows at the new rate, and the handler is told once. */
    private void switchFormat(AudioFormat next) {
        long suppressed = owner.counters().logLimits.formatChange.acquire();
        if (suppressed >= 0) {
            LOG.info("{} audio format follows the caller from={}Hz to={}Hz suppressed={}", call.logPrefix(),
                    format.sampleRate(), next.sampleRate(), suppressed);
        }
        format = next;
        outKind = AudioSocketKind.of(next);
        // Audio queued in the old rate cannot play in the new one; keep the counts honest.
        stats.retire(playout, playout.queuedFrames());
        playout = policy.newBuffer(next, handler);
        handler.onFormatChange(this, next);
    }

    /**
     * Records a format change at {@code now}: true when it is one more than the limit within one
     * second (the ring's oldest entry, that many changes ago, is less than a second old).
     */
    private boolean flapping(long now) {
        if (formatChanges == null) {
            return false;
        }
        int i = formatChangeCount++ % formatChanges.length;
        long oldest = formatChanges[i];
        formatChanges[i] = now;
        return formatChangeCount > formatChanges.length && now - oldest < 1_000_000_000L;
    }

    /**
     * Every format change costs a new playout buffer, the handler's work and (once a minute) a
     * line: a caller that flips on every frame could stall its loop. Counted as a protocol error.
     */
    private void formatFlapping() {
        String why = "more than " + formatChanges.length + " format changes in 1 s";
        owner.counters().protocolErrors.increment();
        owner.counters().error("format flapping: " + why);
        long suppressed = owner.counters().logLimits.formatFlapping.acquire();
        if (suppressed >= 0) {
            LOG.warn("{} format flapping remote={} max-changes-per-second={} suppressed={}", call.logPrefix(),
                    call.remote(), formatChanges.length, suppressed);
        }
        session.hangup(EndReason.FORMAT_FLAPPING, why);
    }

    // ---- to the caller ------------------------------------------------------------------------

    /**
     * One pacer tick: the call's limits (idle, duration, write stall), the handler's tick, then
     * exactly one frame out, and the tick's underruns and drops to the listener's counters. A
     * failure ends this call alone, as an internal error.
     */
    void tick(long now, byte[] scratch) {
        try {
            if (ended) {
                return;
            }
            if (idleNanos > 0 && now - lastInboundNanos > idleNanos) {
                session.limitReached(EndReason.IDLE_TIMEOUT, owner.counters().idleTimeouts,
                        "silent-ms=" + (now - lastInboundNanos) / 1_000_000);
                return;
            }
            if (maxNanos > 0 && now - startNanos >= maxNanos) {
                session.limitReached(EndReason.MAX_DURATION, owner.counters().maxDurations,
                        "duration-ms=" + (now - startNanos) / 1_000_000);
                return;
            }
            if (writeStalled(now)) {
                return;
            }
            handler.onTick(this);
            if (ended) {
                return;
            }
            sendFrame(now, scratch);
            stats.flush(owner.counters(), playout);
        } catch (Throwable t) {
            session.internalError(t);
        }
    }

    /** Exactly one frame from the playout buffer (or silence) out, unless the socket is full. */
    private void sendFrame(long now, byte[] scratch) {
        int n = playout.read(scratch, 0);
        if (n == 0 && !policy.silenceWhenIdle()) {
            return;
        }
        if (unwritable) {
            stats.droppedOut();
            return;
        }
        // A short frame (the end of a caller's playback, echoed) leaves as it came, unpadded.
        int frameBytes = n > 0 ? n : playout.frameBytes();
        outFrame.send(channel, outKind, frameBytes, scratch, n);
        stats.sent(frameBytes, now);
    }

    /**
     * Follows the socket's writability from tick to tick, and ends the call when the peer has read
     * nothing (the socket stayed above its high watermark) for the write-stall timeout: a peer
     * that never reads would otherwise hold the call, and the memory queued for it, for ever.
     */
    private boolean writeStalled(long now) {
        if (channel.isWritable()) {
            unwritable = false;
            return false;
        }
        if (!unwritable) {
            unwritable = true;
            unwritableSince = now;
        }
        if (stallNanos > 0 && now - unwritableSince >= stallNanos) {
            session.limitReached(EndReason.WRITE_STALL, owner.counters().writeStalls,
                    "stalled-ms=" + (now - unwritableSince) / 1_000_000);
            return true;
        }
        return false;
    }

    /**
     * The session ended the call: leaves the pacer, tells the handler, adds the call's figures to
     * the listener's counters and writes the end-of-call line. Once.
     */
    void finish(EndReason reason, String why) {
        ended = true;
        pacer.remove(pacing);
        outFrame.release();
        try {
            handler.onEnd(this, reason);
        } catch (RuntimeException e) {
            LOG.error("{} handler failed on end", call.logPrefix(), e);
        }
        stats.addTo(owner.counters(), playout);
        if (owner.recordsCalls()) {
            stats.logEnded(call.logPrefix(), call.extension().mode().wireName(), call.remote(),
                    Duration.ofNanos(pacer.now() - startNanos).toMillis(), playout, reason, why);
            stats.record(owner.recorder(), trace, call, reason, playout);
        }
    }

    /** Drops the outbound frame buffer (the channel is going away); idempotent. */
    void releaseFrame() {
        outFrame.release();
    }

    /** The pacer's record of this call (its slot). For tests. */
    Pacer.Entry pacing() {
        return pacing;
    }

    // ---- CallContext --------------------------------------------------------------------------

    @Override
    public Call call() {
        return call;
    }

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public PlayoutBuffer playout() {
        return playout;
    }

    @Override
    public void play(ByteBuf audio) {
        int idx = audio.readerIndex();
        int left = audio.readableBytes();
        if (audio.hasArray()) {
            // The decoder's payload is on the heap: straight into the playout buffer.
            playout.write(audio.array(), audio.arrayOffset() + idx, left);
            return;
        }
        byte[] scratch = pacer.scratch();
        while (left > 0) {
            int n = Math.min(left, scratch.length);
            audio.getBytes(idx, scratch, 0, n);
            playout.write(scratch, 0, n);
            idx += n;
            left -= n;
        }
    }

    @Override
    public void play(byte[] audio, int off, int len) {
        playout.write(audio, off, len);
    }

    @Override
    public void hangup(String why) {
        session.hangup(EndReason.LOCAL_HANGUP, why);
    }

    @Override
    public void moveAway(String why) {
        session.hangup(EndReason.MOVED, why);
    }

    @Override
    public void transfer(CallHandler next, String target, String why) {
        if (ended) {
            return;
        }
        if (target != null) {
            trace.transferredTo(target);
        }
        CallHandler previous = handler;
        handler = next;
        LOG.info("{} transfer from={} to={} why=\"{}\"", call.logPrefix(), previous.getClass().getSimpleName(),
                next.getClass().getSimpleName(), LogText.escape(why));
        previous.onEnd(this, EndReason.TRANSFERRED);
        if (!policy.fits(playout, next)) {
            // A live partner needs the live buffer's latency limit, an AI agent the long one.
            PlayoutBuffer old = playout;
            stats.retire(old, 0);
            playout = policy.newBuffer(format, next);
            int dropped = old.moveTo(playout);
            if (dropped > 0) {
                LOG.info("{} transfer dropped-frames={} reason=\"queued audio past the next handler's buffer\"",
                        call.logPrefix(), dropped);
            }
        }
        next.onStart(this);
    }

    @Override
    public CallTrace trace() {
        return trace;
    }

    @Override
    public CallHandler handler() {
        return handler;
    }

    @Override
    public boolean isActive() {
        return !ended;
    }

    @Override
    public long framesIn() {
        return stats.framesIn();
    }

    @Override
    public long framesOut() {
        return stats.framesOut();
    }
}
