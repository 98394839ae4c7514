package io.ramal.gateway.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.ramal.gateway.call.CallOwner;
import io.ramal.gateway.call.CallSession;
import io.ramal.gateway.codec.AudioSocketException;
import io.ramal.gateway.codec.AudioSocketFrame;
import io.ramal.gateway.codec.AudioSocketKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The first moments of a relay connection: the id frame, then the {@link RelayHeader}, within the
 * handshake timeout and before anything else. A connection that passes becomes an ordinary call:
 * this handler installs {@link CallSession}'s pipeline behind itself, replays the id frame into
 * it, and steps aside together with its decoder, whose bytes not yet decoded (audio that came in
 * the same read as the header) flow on into the call's own decoder, in order. One that fails is
 * refused through {@link RelayServer#refuse} before any of its audio is read.
 *
 * <p>Confined to the connection's event loop.
 */
final class RelayHandshake extends ChannelInboundHandlerAdapter {

    /** The names of the handshake's handlers in the pipeline. */
    static final String DECODER = "relay-decoder";
    static final String NAME = "relay-handshake";

    private static final Logger LOG = LoggerFactory.getLogger(RelayServer.class);

    private enum State { AWAITING_ID, AWAITING_HEADER, DONE }

    private final RelayServer server;
    private State state = State.AWAITING_ID;
    private UUID id;
    private ScheduledFuture<?> timer;

    RelayHandshake(RelayServer server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        long nanos = server.settings().handshakeTimeout().toNanos();
        timer = ctx.executor().schedule(() -> refuse(ctx, RelayRefusal.NO_HEADER,
                "no id and header within " + nanos / 1_000_000 + " ms", false), nanos, TimeUnit.NANOSECONDS);
        // Not passed on: the call's handlers see channelActive when they are installed.
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof AudioSocketFrame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            AudioSocketKind kind = frame.kind();
            switch (state) {
                case AWAITING_ID -> {
                    if (kind == AudioSocketKind.ID) {
                        id = frame.uuid();
                        state = State.AWAITING_HEADER;
                    } else {
                        refuse(ctx, kind.isAudio() ? RelayRefusal.AUDIO_BEFORE_HEADER : RelayRefusal.PROTOCOL_ERROR,
                                "first frame was " + kind + ", expected ID", false);
                    }
                }
                case AWAITING_HEADER -> {
                    if (kind == AudioSocketKind.RELAY_HEADER) {
                        header(ctx, frame);
                    } else {
                        refuse(ctx, kind.isAudio() ? RelayRefusal.AUDIO_BEFORE_HEADER : RelayRefusal.PROTOCOL_ERROR,
                                "frame after the id was " + kind + ", expected RELAY_HEADER", false);
                    }
                }
                default -> { } // refused: drop what is still in flight
            }
        } finally {
            frame.release();
        }
    }

    private void header(ChannelHandlerContext ctx, AudioSocketFrame frame) {
        RelayHeader h;
        try {
            h = RelayHeader.verify(frame.content(), id, server.secret(), server.clock());
        } catch (RelayRefusedException e) {
            refuse(ctx, e.reason(), e.getMessage(), false);
            return;
        }
        CallOwner owner;
        try {
            owner = server.targets().ownerFor(h);
        } catch (RuntimeException e) {
            LOG.error("relay targets failed {} remote={}", h, ctx.channel().remoteAddress(), e);
            state = State.DONE;
            cancelTimer();
            ctx.close();
            return;
        }
        if (owner == null) {
            refuse(ctx, RelayRefusal.NOT_OWNER, "queue " + h.queue() + " is not owned by this node", false);
            return;
        }
        accept(ctx, h, owner);
    }

    /**
     * Hands the connection to {@code owner} as an ordinary call: the call's pipeline behind this
     * handler, channelActive and the id frame into it, then this handler and its decoder out (the
     * decoder passes on what it holds undecoded).
     */
    private void accept(ChannelHandlerContext ctx, RelayHeader h, CallOwner owner) {
        state = State.DONE;
        cancelTimer();
        server.accepted();
        LOG.debug("relay accepted {} remote={}", h, ctx.channel().remoteAddress());
        ChannelPipeline p = ctx.pipeline();
        p.addLast(CallSession.pipeline(owner));
        ctx.fireChannelActive();
        ctx.fireChannelRead(AudioSocketFrame.id(id));
        p.remove(this);
        if (p.get(DECODER) != null) {
            p.remove(DECODER);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        if (state != State.DONE) {
            refuse(ctx, RelayRefusal.NO_HEADER, "closed by the peer " + (state == State.AWAITING_ID
                    ? "before its id" : "between its id and its header"), true);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof AudioSocketException) {
            refuse(ctx, RelayRefusal.PROTOCOL_ERROR, root.getMessage(), false);
        } else if (root instanceof IOException) {
            LOG.debug("relay io error remote={} cause=\"{}\"", ctx.channel().remoteAddress(), root.toString());
            ctx.close();
        } else {
            LOG.error("relay handshake failed remote={}", ctx.channel().remoteAddress(), root);
            state = State.DONE;
            cancelTimer();
            ctx.close();
        }
    }

    private void refuse(ChannelHandlerContext ctx, RelayRefusal reason, String detail, boolean peerClosed) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        cancelTimer();
        server.refuse(ctx.channel(), reason, detail, peerClosed);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
