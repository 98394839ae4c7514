package io.ramal.gateway.call;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import io.ramal.audio.AudioFormat;
import io.ramal.audio.PlayoutBuffer;
import io.ramal.extensions.Extension;
import io.ramal.gateway.codec.AudioSocketDecoder;
import io.ramal.gateway.codec.AudioSocketEncoder;
import io.ramal.gateway.codec.AudioSocketException;
import io.ramal.gateway.codec.AudioSocketFrame;
import io.ramal.gateway.codec.AudioSocketKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One AudioSocket connection from accept to close: waits for the id frame within the handshake
 * timeout, starts the {@link CallHandler} of the extension's mode, passes it the caller's audio
 * and DTMF, sends its playout one frame per pacer tick, and ends the call exactly once, however
 * it ends: hangup frame then close when we end it, close when Asterisk does, and in every case a
 * summary line and the counters.
 *
 * <p>Audio arrives straight from the decoder as its {@link AudioSocketDecoder.AudioSink} (no frame
 * object, no pipeline hop); every other frame through the pipeline. Confined to the channel's
 * event loop: no field needs a lock.
 */
public final class CallSession extends ChannelInboundHandlerAdapter
        implements CallContext, AudioSocketDecoder.AudioSink {

    private static final Logger LOG = LoggerFactory.getLogger(CallSession.class);
    private static final Logger CALLS = LoggerFactory.getLogger("ramal.calls");

    private enum State { AWAITING_ID, ACTIVE, ENDED }

    private final CallOwner owner;
    private final CallSettings settings;

    private Channel channel;
    private EventLoop loop;
    private SocketAddress remote;
    private State state = State.AWAITING_ID;
    private ScheduledFuture<?> handshakeTimer;

    private Call call;
    private CallHandler handler;
    private Pacer pacer;
    /** Which of the pacer's slots serves this call; -1 when none. Owned by the pacer. */
    int pacerSlot = -1;
    /** The absolute number of the last pacer slot that ticked this call. Owned by the pacer. */
    long tickedSlot;
    /** The outbound frame, reused from tick to tick once the socket has taken the previous one. */
    private ByteBuf outFrame;
    private PlayoutBuffer playout;
    private AudioFormat format;
    private AudioSocketKind outKind;
    private long startNanos;
    private long lastInboundNanos;
    private final long idleNanos;
    private boolean warnedFormat;
    /** Set when the peer closed first: a truncated frame reported after that is still worth a line. */
    private boolean peerClosed;

    private long framesIn;
    private long framesOut;
    private long bytesIn;
    private long bytesOut;
    private long droppedOut;
    private long underrunsBefore; // of playout buffers this call replaced (format change, transfer)
    private long overflowsBefore;

    public CallSession(CallOwner owner) {
        this.owner = owner;
        this.settings = owner.settings();
        this.idleNanos = settings.idleTimeout().toNanos();
    }

    /**
     * The handlers of one call's pipeline, in order: the decoder feeding this session's audio
     * straight in, the encoder, the session. The listener and the tests build calls with it.
     */
    public static ChannelHandler[] pipeline(CallOwner owner) {
        CallSession call = new CallSession(owner);
        return new ChannelHandler[] {new AudioSocketDecoder(call), AudioSocketEncoder.INSTANCE, call};
    }

    // ---- channel events ----------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        loop = channel.eventLoop();
        remote = channel.remoteAddress();
        owner.counters().connections.increment();
        if (!owner.register(this)) {
            owner.counters().refused.increment();
            LOG.debug("connection refused ramal={} remote={} reason=listener-draining",
                    owner.extension().ramal(), remote);
            state = State.ENDED;
            channel.close();
            return;
        }
        handshakeTimer = loop.schedule(this::handshakeTimedOut,
                settings.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof AudioSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            switch (state) {
                case AWAITING_ID -> identify(frame);
                case ACTIVE -> dispatch(frame);
                default -> { } // ended: drop what is still in flight
            }
        } finally {
            frame.release();
        }
    }

    /** Audio from the decoder: the same as an audio {@link AudioSocketFrame} through the pipeline. */
    @Override
    public void onAudio(AudioSocketKind kind, ByteBuf payload) {
        switch (state) {
            case AWAITING_ID -> protocolError("first frame was " + kind + ", expected ID");
            case ACTIVE -> audio(kind, payload);
            default -> { } // ended: drop what is still in flight
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelHandshakeTimer();
        peerClosed = state != State.ENDED;
        if (state == State.AWAITING_ID) {
            state = State.ENDED;
            owner.counters().closedBeforeId.increment();
            LOG.debug("connection closed before identifying ramal={} remote={}", owner.extension().ramal(), remote);
        } else if (state == State.ACTIVE) {
            end(EndReason.REMOTE_HANGUP, "peer closed", false);
        }
        owner.unregister(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelHandshakeTimer();
        releaseOutFrame();
    }

    private void releaseOutFrame() {
        if (outFrame != null) {
            outFrame.release();
            outFrame = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof AudioSocketException) {
            protocolError(root.getMessage());
        } else if (root instanceof IOException) {
            LOG.debug("{} io error remote={} cause=\"{}\"", prefix(), remote, root.toString());
            if (state == State.ACTIVE) {
                end(EndReason.REMOTE_HANGUP, root.toString(), false);
            }
            channel.close();
        } else {
            internalError(root);
        }
    }

    // ---- protocol -----------------------------------------------------------------------------

    private void identify(AudioSocketFrame frame) {
        if (frame.kind() != AudioSocketKind.ID) {
            protocolError("first frame was " + frame.kind() + ", expected ID");
            return;
        }
        cancelHandshakeTimer();
        Extension ext = owner.extension();
        call = new Call(frame.uuid(), ext, remote, Instant.now());
        try {
            handler = owner.newHandler(call);
        } catch (RuntimeException e) {
            owner.counters().refused.increment();
            owner.counters().error("no handler: " + e.getMessage());
            LOG.warn("{} refused remote={} reason=\"{}\"", prefix(), remote, e.getMessage());
            state = State.ENDED;
            sendHangupAndClose();
            return;
        }
        format = initialFormat(ext);
        outKind = AudioSocketKind.of(format);
        playout = Pacer.newBuffer(format, handler.playoutCapacityFrames(settings), settings);
        state = State.ACTIVE;
        pacer = owner.pacers().of(loop);
        startNanos = pacer.now();
        lastInboundNanos = startNanos;
        owner.counters().calls.increment();
        pacer.add(this);
        LOG.debug("{} started mode={} remote={}", prefix(), ext.mode().wireName(), remote);
        handler.onStart(this);
    }

    private void audio(AudioSocketKind kind, ByteBuf payload) {
        lastInboundNanos = pacer.now();
        int n = payload.readableBytes();
        framesIn++;
        bytesIn += n;
        if (n == 0) {
            return;
        }
        if (kind.format() != format) {
            switchFormat(kind.format());
        }
        if (!warnedFormat && kind == AudioSocketKind.AUDIO_8K && n == AudioFormat.SLIN_8K.frameBytes() / 2) {
            warnedFormat = true;
            LOG.warn("{} audio frames of {} bytes labelled slin 8 kHz look like G.711: "
                    + "use Dial(AudioSocket/host:port/uuid/c(slin))", prefix(), n);
        }
        handler.onAudio(this, payload, format);
    }

    private void dispatch(AudioSocketFrame frame) {
        AudioSocketKind kind = frame.kind();
        if (kind.isAudio()) {
            audio(kind, frame.content());
        } else {
            lastInboundNanos = pacer.now();
            switch (kind) {
                case DTMF -> handler.onDtmf(this, frame.digit());
                case ERROR -> {
                    int code = frame.errorCode();
                    owner.counters().peerErrors.increment();
                    owner.counters().error("peer error " + AudioSocketFrame.describeError(code));
                    LOG.warn("{} peer sent error frame remote={} code=0x{} meaning={}", prefix(), remote,
                            Integer.toHexString(code), AudioSocketFrame.describeError(code));
                    end(EndReason.PEER_ERROR, "error frame", true);
                }
                case HANGUP -> end(EndReason.REMOTE_HANGUP, "hangup frame", false);
                case ID -> protocolError("second ID frame");
                default -> protocolError("unexpected " + kind);
            }
        }
    }

    private void switchFormat(AudioFormat next) {
        LOG.info("{} audio format follows the caller from={}Hz to={}Hz", prefix(), format.sampleRate(), next.sampleRate());
        format = next;
        outKind = AudioSocketKind.of(next);
        PlayoutBuffer old = playout;
        int lost = old.queuedFrames();
        replacePlayout(Pacer.newBuffer(next, handler.playoutCapacityFrames(settings), settings));
        // Audio queued in the old rate cannot play in the new one; keep the counts honest.
        overflowsBefore += lost;
    }

    /** Swaps the playout buffer, keeping the old one's underruns and overflows for the call's totals. */
    private void replacePlayout(PlayoutBuffer next) {
        underrunsBefore += playout.underruns();
        overflowsBefore += playout.overflows();
        playout = next;
    }

    private AudioFormat initialFormat(Extension ext) {
        return AudioFormat.ofSampleRate(ext.modeSettings().format().sampleRate());
    }

    // ---- pacing -------------------------------------------------------------------------------

    /** One pacer tick: idle check, the handler's tick, then exactly one frame out. */
    void tick(long now, byte[] scratch) {
        if (state != State.ACTIVE) {
            return;
        }
        if (idleNanos > 0 && now - lastInboundNanos > idleNanos) {
            owner.counters().idleTimeouts.increment();
            owner.counters().error("idle timeout");
            LOG.info("{} idle timeout remote={} silent-ms={}", prefix(), remote, (now - lastInboundNanos) / 1_000_000);
            end(EndReason.IDLE_TIMEOUT, "idle timeout", true);
            return;
        }
        handler.onTick(this);
        if (state != State.ACTIVE) {
            return;
        }
        int frameBytes = playout.frameBytes();
        int n = playout.read(scratch, 0);
        if (n == 0 && !settings.silenceWhenIdle()) {
            return;
        }
        if (!channel.isWritable()) {
            droppedOut++;
            return;
        }
        ByteBuf out = outFrame;
        if (out == null || out.refCnt() != 1 || out.capacity() < 3 + frameBytes) {
            // The previous frame is still queued in the socket (or the rate grew): a fresh one.
            // Releasing ours leaves Netty's reference, so a queued frame still goes out.
            releaseOutFrame();
            out = channel.alloc().directBuffer(3 + frameBytes);
            outFrame = out;
        }
        out.clear();
        out.writeByte(outKind.byteValue()).writeShort(frameBytes);
        if (n > 0) {
            out.writeBytes(scratch, 0, n);
        } else {
            out.writeZero(frameBytes);
        }
        // Netty takes the retained reference and drops it once the frame is written: when the
        // next tick finds the count back at one, the same buffer carries the next frame.
        channel.writeAndFlush(out.retain(), channel.voidPromise());
        framesOut++;
        bytesOut += frameBytes;
    }

    // ---- CallContext --------------------------------------------------------------------------

    @Override
    public Call call() {
        return call;
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
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
        hangup(EndReason.LOCAL_HANGUP, why);
    }

    /** Ends the call with {@code reason}, from any thread: drain timeout, shutdown. */
    public void hangup(EndReason reason, String why) {
        if (loop.inEventLoop()) {
            if (state == State.ACTIVE) {
                end(reason, why, true);
            } else if (state == State.AWAITING_ID) {
                state = State.ENDED;
                sendHangupAndClose();
            }
        } else {
            loop.execute(() -> hangup(reason, why));
        }
    }

    @Override
    public void transfer(CallHandler next, String why) {
        if (state != State.ACTIVE) {
            return;
        }
        CallHandler previous = handler;
        handler = next;
        LOG.info("{} transfer from={} to={} why=\"{}\"", prefix(), previous.getClass().getSimpleName(),
                next.getClass().getSimpleName(), why);
        previous.onEnd(this, EndReason.LOCAL_HANGUP);
        int capacity = next.playoutCapacityFrames(settings);
        if (capacity != playout.capacityFrames()) {
            // A live partner needs the live buffer's latency limit, an AI agent the long one.
            PlayoutBuffer b = Pacer.newBuffer(format, capacity, settings);
            PlayoutBuffer old = playout;
            replacePlayout(b);
            int dropped = old.moveTo(b);
            if (dropped > 0) {
                LOG.info("{} transfer dropped-frames={} reason=\"queued audio past the next handler's buffer\"",
                        prefix(), dropped);
            }
        }
        next.onStart(this);
    }

    @Override
    public CallHandler handler() {
        return handler;
    }

    @Override
    public boolean isActive() {
        return state == State.ACTIVE;
    }

    @Override
    public long framesIn() {
        return framesIn;
    }

    @Override
    public long framesOut() {
        return framesOut;
    }

    /** Audio bytes received so far; read from other threads for reports, where a stale value is fine. */
    public long bytesIn() {
        return bytesIn;
    }

    /** Audio bytes sent so far; read from other threads for reports, where a stale value is fine. */
    public long bytesOut() {
        return bytesOut;
    }

    /** The connection's remote address. */
    public SocketAddress remote() {
        return remote;
    }

    /** The channel of this connection. */
    public Channel channel() {
        return channel;
    }

    // ---- ending -------------------------------------------------------------------------------

    private void handshakeTimedOut() {
        if (state != State.AWAITING_ID) {
            return;
        }
        state = State.ENDED;
        owner.counters().handshakeTimeouts.increment();
        owner.counters().error("no id frame within " + settings.handshakeTimeout().toMillis() + " ms");
        LOG.warn("handshake timeout ramal={} remote={} waited-ms={}", owner.extension().ramal(), remote,
                settings.handshakeTimeout().toMillis());
        sendHangupAndClose();
    }

    private void protocolError(String reason) {
        if (state == State.ENDED && !peerClosed) {
            return; // we ended it already; what the decoder finds in the leftovers is no news
        }
        peerClosed = false;
        owner.counters().protocolErrors.increment();
        owner.counters().error("protocol error: " + reason);
        LOG.warn("protocol error ramal={} {}remote={} reason=\"{}\"", owner.extension().ramal(),
                call != null ? "call=" + call.id() + " " : "", remote, reason);
        if (state == State.ACTIVE) {
            end(EndReason.PROTOCOL_ERROR, reason, true);
        } else {
            state = State.ENDED;
            cancelHandshakeTimer();
            sendHangupAndClose();
        }
    }

    /** An unexpected failure in the gateway's own code: logged at ERROR, the call ends. */
    void internalError(Throwable t) {
        owner.counters().internalErrors.increment();
        owner.counters().error("internal error: " + t);
        LOG.error("{} internal error remote={}", prefix(), remote, t);
        if (state == State.ACTIVE) {
            end(EndReason.INTERNAL_ERROR, t.toString(), true);
        } else if (state == State.AWAITING_ID) {
            state = State.ENDED;
            sendHangupAndClose();
        }
    }

    private void end(EndReason reason, String why, boolean sendHangup) {
        if (state != State.ACTIVE) {
            return;
        }
        state = State.ENDED;
        pacer.remove(this);
        releaseOutFrame();
        try {
            handler.onEnd(this, reason);
        } catch (RuntimeException e) {
            LOG.error("{} handler failed on end", prefix(), e);
        }
        CallCounters c = owner.counters();
        c.framesIn.add(framesIn);
        c.framesOut.add(framesOut);
        c.bytesIn.add(bytesIn);
        c.bytesOut.add(bytesOut);
        long underruns = underrunsBefore + playout.underruns();
        long overflows = overflowsBefore + playout.overflows();
        c.underruns.add(underruns);
        c.overflows.add(overflows);
        c.droppedOut.add(droppedOut);
        if (owner.recordsCalls()) {
            CALLS.info("call ended {} mode={} remote={} duration-ms={} frames-in={} frames-out={} underruns={} "
                            + "overflows={} dropped-out={} reason={} detail=\"{}\"",
                    prefix(), call.extension().mode().wireName(), remote,
                    Duration.ofNanos(pacer.now() - startNanos).toMillis(), framesIn, framesOut,
                    underruns, overflows, droppedOut, reason.label(), why);
        }
        if (sendHangup) {
            sendHangupAndClose();
        } else {
            channel.close();
        }
    }

    private void sendHangupAndClose() {
        if (!channel.isActive()) {
            channel.close();
            return;
        }
        ByteBuf hangup = channel.alloc().ioBuffer(3);
        AudioSocketEncoder.encode(AudioSocketKind.HANGUP, Unpooled.EMPTY_BUFFER, hangup);
        channel.writeAndFlush(hangup).addListener(ChannelFutureListener.CLOSE);
        // A peer that stopped reading would keep the socket open forever: close regardless.
        long grace = settings.hangupGrace().toNanos();
        loop.schedule(() -> {
            if (channel.isOpen()) {
                channel.close();
            }
        }, grace, TimeUnit.NANOSECONDS);
    }

    private void cancelHandshakeTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
            handshakeTimer = null;
        }
    }

    private String prefix() {
        return call != null ? call.logPrefix() : "ramal=" + owner.extension().ramal();
    }
}
