package io.ramal.gateway.call;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import io.ramal.audio.AudioFormat;
import io.ramal.extensions.Extension;
import io.ramal.extensions.LogText;
import io.ramal.gateway.codec.AudioSocketDecoder;
import io.ramal.gateway.codec.AudioSocketEncoder;
import io.ramal.gateway.codec.AudioSocketException;
import io.ramal.gateway.codec.AudioSocketFrame;
import io.ramal.gateway.codec.AudioSocketKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One AudioSocket connection from accept to close, and the protocol's state machine: waits for
 * the id frame within the handshake timeout, starts the call (an {@link ActiveCall}, which runs
 * the {@link CallHandler} of the extension's mode and sends its playout one frame per pacer tick),
 * passes it the caller's frames, and ends the call exactly once, however it ends: hangup frame
 * then close when we end it, close when Asterisk does, and in every case a summary line and the
 * counters ({@link CallStats}). Protocol errors, timeouts and failures are counted and logged here.
 *
 * <p>Audio arrives straight from the decoder as its {@link AudioSocketDecoder.AudioSink} (no frame
 * object, no pipeline hop); every other frame through the pipeline. Confined to the channel's
 * event loop: no field needs a lock.
 */
public final class CallSession extends ChannelInboundHandlerAdapter implements AudioSocketDecoder.AudioSink {

    private static final Logger LOG = LoggerFactory.getLogger(CallSession.class);

    private enum State { AWAITING_ID, ACTIVE, ENDED }

    private final CallOwner owner;
    private final CallSettings settings;
    /** The call's figures; the session keeps them so that reports can read them from the start. */
    private final CallStats stats = new CallStats();

    private Channel channel;
    private EventLoop loop;
    private SocketAddress remote;
    private State state = State.AWAITING_ID;
    private ScheduledFuture<?> handshakeTimer;

    private Call call;
    /** The call once identified; null before. */
    private ActiveCall active;
    /** Set when the peer closed first: a truncated frame reported after that is still worth a line. */
    private boolean peerClosed;

    public CallSession(CallOwner owner) {
        this.owner = owner;
        this.settings = owner.settings();
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
        Admission admission = owner.register(this, remote instanceof InetSocketAddress a ? a.getAddress() : null);
        if (admission != Admission.ACCEPTED) {
            state = State.ENDED;
            admission.refuse(owner, channel, remote);
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
            case ACTIVE -> active.audio(kind, payload);
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
        if (active != null) {
            active.releaseFrame();
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
        Admission slot = owner.startCall(this);
        if (slot != Admission.ACCEPTED) {
            state = State.ENDED;
            slot.refuse(owner, channel, remote);
            return;
        }
        Extension ext = owner.extension();
        call = new Call(frame.uuid(), ext, remote, Instant.now());
        CallHandler handler;
        try {
            handler = owner.newHandler(call);
        } catch (RuntimeException e) {
            owner.counters().refused.increment();
            owner.counters().error("no handler: " + e.getMessage());
            long suppressed = limits().refused.acquire();
            if (suppressed >= 0) {
                LOG.warn("{} refused remote={} reason=\"{}\" suppressed={}", prefix(), remote, LogText.escape(e.getMessage()),
                        suppressed);
            }
            state = State.ENDED;
            sendHangupAndClose();
            return;
        }
        active = new ActiveCall(this, owner, call, channel, handler, initialFormat(ext), stats);
        state = State.ACTIVE;
        owner.counters().calls.increment();
        LOG.debug("{} started mode={} remote={}", prefix(), ext.mode().wireName(), remote);
        active.start();
    }

    private void dispatch(AudioSocketFrame frame) {
        AudioSocketKind kind = frame.kind();
        if (kind.isAudio()) {
            active.audio(kind, frame.content());
        } else {
            switch (kind) {
                case DTMF -> active.dtmf(frame.digit());
                case ERROR -> {
                    int code = frame.errorCode();
                    owner.counters().peerErrors.increment();
                    owner.counters().error("peer error " + AudioSocketFrame.describeError(code));
                    long suppressed = limits().peerError.acquire();
                    if (suppressed >= 0) {
                        LOG.warn("{} peer sent error frame remote={} code=0x{} meaning={} suppressed={}", prefix(),
                                remote, Integer.toHexString(code), AudioSocketFrame.describeError(code), suppressed);
                    }
                    end(EndReason.PEER_ERROR, "error frame", true);
                }
                case HANGUP -> end(EndReason.REMOTE_HANGUP, "hangup frame", false);
                case ID -> protocolError("second ID frame");
                default -> protocolError("unexpected " + kind);
            }
        }
    }

    private AudioFormat initialFormat(Extension ext) {
        return AudioFormat.ofSampleRate(ext.modeSettings().format().sampleRate());
    }

    // ---- for the listener ---------------------------------------------------------------------

    /** Ends the call with {@code reason}, from any thread: drain timeout, shutdown. */
    public void hangup(EndReason reason, String why) {
        if (loop.inEventLoop()) {
            if (state == State.ACTIVE) {
                end(reason, why, reason != EndReason.MOVED); // moved: an EOF tells the relaying node to re-enter
            } else if (state == State.AWAITING_ID) {
                state = State.ENDED;
                sendHangupAndClose();
            }
        } else {
            loop.execute(() -> hangup(reason, why));
        }
    }

    /** Audio frames received so far; read from other threads for reports, where a stale value is fine. */
    public long framesIn() {
        return stats.framesIn();
    }

    /** Audio frames sent so far (silence included); read from other threads, as {@link #framesIn}. */
    public long framesOut() {
        return stats.framesOut();
    }

    /** Audio bytes received so far; read from other threads for reports, where a stale value is fine. */
    public long bytesIn() {
        return stats.bytesIn();
    }

    /** Audio bytes sent so far; read from other threads for reports, where a stale value is fine. */
    public long bytesOut() {
        return stats.bytesOut();
    }

    /** The call as its handler sees it; null before the id frame. For tests. */
    ActiveCall context() {
        return active;
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

    /**
     * A limit of the call ran out (idle, max duration, write stall): counted in {@code counter},
     * logged as e.g. {@code idle timeout remote=... silent-ms=...} with {@code detail}, and the
     * call ends with {@code reason}. Only the peer's faults (not a call's length) are errors.
     */
    void limitReached(EndReason reason, LongAdder counter, String detail) {
        String what = reason.label().replace('-', ' ');
        counter.increment();
        if (reason != EndReason.MAX_DURATION) {
            owner.counters().error(what);
        }
        long suppressed = limits().limit(reason).acquire();
        if (suppressed >= 0) {
            LOG.info("{} {} remote={} {} suppressed={}", prefix(), what, remote, detail, suppressed);
        }
        end(reason, what, true);
    }

    private void handshakeTimedOut() {
        if (state != State.AWAITING_ID) {
            return;
        }
        state = State.ENDED;
        owner.counters().handshakeTimeouts.increment();
        owner.counters().error("no id frame within " + settings.handshakeTimeout().toMillis() + " ms");
        long suppressed = limits().handshakeTimeout.acquire();
        if (suppressed >= 0) {
            LOG.warn("handshake timeout ramal={} remote={} waited-ms={} suppressed={}", owner.extension().ramal(),
                    remote, settings.handshakeTimeout().toMillis(), suppressed);
        }
        sendHangupAndClose();
    }

    private void protocolError(String reason) {
        if (state == State.ENDED && !peerClosed) {
            return; // we ended it already; what the decoder finds in the leftovers is no news
        }
        peerClosed = false;
        owner.counters().protocolErrors.increment();
        owner.counters().error("protocol error: " + reason);
        long suppressed = limits().protocolError.acquire();
        if (suppressed >= 0) {
            LOG.warn("protocol error ramal={} {}remote={} reason=\"{}\" suppressed={}", owner.extension().ramal(),
                    call != null ? "call=" + call.id() + " " : "", remote, LogText.escape(reason), suppressed);
        }
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
        active.finish(reason, why);
        if (sendHangup) {
            sendHangupAndClose();
        } else {
            channel.close();
        }
    }

    private void sendHangupAndClose() {
        Hangup.sendAndClose(channel, settings.hangupGrace());
    }

    private void cancelHandshakeTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
            handshakeTimer = null;
        }
    }

    private CallLogLimits limits() {
        return owner.counters().logLimits;
    }

    private String prefix() {
        return call != null ? call.logPrefix() : "ramal=" + LogText.escape(owner.extension().ramal());
    }
}
