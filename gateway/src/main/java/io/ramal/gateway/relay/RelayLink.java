package io.ramal.gateway.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.ramal.gateway.call.OutboundFrame;
import io.ramal.gateway.codec.AudioSocketDecoder;
import io.ramal.gateway.codec.AudioSocketEncoder;
import io.ramal.gateway.codec.AudioSocketFrame;
import io.ramal.gateway.codec.AudioSocketHeader;
import io.ramal.gateway.codec.AudioSocketKind;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One relay connection of a {@link RelayLeg} to its queue's owner, on the call's own event loop:
 * connects, sends the id frame and the signed {@link RelayHeader} (and the caller's audio that came
 * while connecting, half a second at most), then carries the caller's frames out, each in one
 * reused buffer ({@link OutboundFrame}), and the owner's frames in (audio straight from the
 * decoder, no frame object). Every outcome ends in exactly one report to the {@link Listener}
 * unless the leg closed it first: the owner's hangup frame, or the link lost (unreachable, closed
 * without a hangup, an error frame).
 *
 * <p>Confined to the call's event loop: the listener is called there, and every method must be
 * called there.
 */
final class RelayLink {

    /** Caller frames kept while the connection comes up: 500 ms; past that they are dropped and counted. */
    static final int MAX_PENDING_FRAMES = 25;
    /** How long a hangup frame to the owner may take to leave before the socket closes regardless. */
    static final long HANGUP_GRACE_MILLIS = 1000;

    /** What the link reports, on the call's event loop; each call names the link, so a stale one is told apart. */
    interface Listener {
        /** A frame of the owner's audio; valid only during the call. */
        void ownerAudio(RelayLink link, ByteBuf payload);

        /** The owner sent the hangup frame: it ended the call. The link is closed. */
        void ownerHungUp(RelayLink link);

        /**
         * The link failed: {@code unreachable}, {@code closed} (without a hangup frame), {@code error},
         * {@code not-owner} (the error frame of {@link RelayServer#ERROR_NOT_OWNER}),
         * {@code error-frame} (another code), {@code protocol-error}. The link is closed.
         */
        void linkLost(RelayLink link, String reason, Throwable cause);

        /** The owner's attendant answered the relayed caller at {@code at}. */
        default void ownerAnswered(RelayLink link, Instant at, UUID attendant) {
        }
    }

    private final Listener listener;
    private final RelayStats stats;
    private final OutboundFrame out = new OutboundFrame();
    private Channel channel;
    /** The id and header are written: frames may follow them. */
    private boolean connected;
    /** Reported, or closed by the leg: nothing more is reported. */
    private boolean done;
    /** Caller frames, encoded, from before the connection was up; null when none. */
    private ByteBuf pending;
    private int pendingFrames;
    private Throwable failure;

    private RelayLink(Listener listener, RelayStats stats) {
        this.listener = listener;
        this.stats = stats;
    }

    /** Starts connecting to {@code address} on {@code loop}; the outcome comes through {@code listener}. */
    static RelayLink open(RelayConnector connector, EventLoop loop, InetSocketAddress address, RelayHeader header,
                          byte[] secret, Listener listener) {
        RelayLink link = new RelayLink(listener, connector.stats());
        ChannelFuture f = connector.connect(loop, address, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new AudioSocketDecoder(link::inboundAudio), link.new Inbound());
            }
        });
        link.channel = f.channel();
        f.addListener((ChannelFutureListener) done -> {
            if (done.isSuccess()) {
                link.connected(header, secret);
            } else {
                // Always after open() returned, even when the connect failed on the spot.
                loop.execute(() -> link.fail("unreachable", done.cause()));
            }
        });
        return link;
    }

    /** TCP is up: the id, the header and what the caller said meanwhile, in one flush. */
    private void connected(RelayHeader header, byte[] secret) {
        if (done) {
            channel.close();
            return;
        }
        ByteBuf payload = header.encode(channel.alloc(), secret);
        ByteBuf first;
        try {
            first = channel.alloc().ioBuffer(2 * AudioSocketHeader.BYTES + 16 + payload.readableBytes());
            AudioSocketHeader.write(first, AudioSocketKind.ID, 16);
            UUID id = header.call();
            first.writeLong(id.getMostSignificantBits()).writeLong(id.getLeastSignificantBits());
            AudioSocketEncoder.encode(AudioSocketKind.RELAY_HEADER, payload, first);
        } finally {
            payload.release();
        }
        channel.write(first, channel.voidPromise());
        if (pending != null) {
            channel.write(pending, channel.voidPromise());
            pending = null;
            pendingFrames = 0;
        }
        channel.flush();
        connected = true;
    }

    /** True once the id and header are on their way. */
    boolean isConnected() {
        return connected && !done;
    }

    /**
     * Sends one frame of the caller's audio: at once when connected and the socket takes it
     * (above its high watermark the frame is dropped and counted: a slow owner must not make this
     * node queue without bound), kept for the connection while connecting.
     */
    void sendAudio(AudioSocketKind kind, ByteBuf payload) {
        if (done) {
            return;
        }
        if (!connected) {
            if (pendingFrames >= MAX_PENDING_FRAMES) {
                stats.countDroppedNoOwner();
                return;
            }
            if (pending == null) {
                // Sized for a few frames; a slow connect grows it, up to the cap above.
                pending = channel.alloc().ioBuffer(4 * (AudioSocketHeader.BYTES + payload.readableBytes()));
            }
            AudioSocketEncoder.encode(kind, payload, pending);
            pendingFrames++;
            return;
        }
        if (!channel.isWritable()) {
            stats.countDroppedUnwritable();
            return;
        }
        out.send(channel, kind, payload);
    }

    /** Sends a DTMF digit when connected; false when it was dropped. */
    boolean sendDtmf(char digit) {
        if (!isConnected() || !channel.isActive()) {
            return false;
        }
        ByteBuf b = channel.alloc().ioBuffer(AudioSocketHeader.BYTES + 1);
        AudioSocketHeader.write(b, AudioSocketKind.DTMF, 1);
        b.writeByte(digit);
        channel.writeAndFlush(b, channel.voidPromise());
        return true;
    }

    /** The caller is gone: the hangup frame to the owner, then close (regardless after a grace). Reports nothing. */
    void hangupAndClose() {
        boolean wasConnected = isConnected();
        stop();
        if (wasConnected && channel.isActive()) {
            ByteBuf b = channel.alloc().ioBuffer(AudioSocketHeader.BYTES);
            AudioSocketHeader.write(b, AudioSocketKind.HANGUP, 0);
            channel.writeAndFlush(b).addListener(ChannelFutureListener.CLOSE);
            Channel ch = channel;
            ch.eventLoop().schedule(() -> {
                if (ch.isOpen()) {
                    ch.close();
                }
            }, HANGUP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            channel.close();
        }
    }

    /** Closes without a hangup frame and without reporting. */
    void close() {
        stop();
        channel.close();
    }

    private void stop() {
        done = true;
        connected = false;
        out.release();
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    private void fail(String why, Throwable cause) {
        if (done) {
            return;
        }
        stop();
        channel.close();
        listener.linkLost(this, why, cause);
    }

    /** The owner's audio, straight from the decoder. */
    private void inboundAudio(AudioSocketKind kind, ByteBuf payload) {
        if (!done) {
            listener.ownerAudio(this, payload);
        }
    }

    /** The link's last handler: the owner's other frames, errors and the close. */
    private final class Inbound extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof AudioSocketFrame frame)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            try {
                if (done) {
                    return;
                }
                switch (frame.kind()) {
                    case HANGUP -> {
                        stop();
                        channel.close();
                        listener.ownerHungUp(RelayLink.this);
                    }
                    case RELAY_ANSWERED -> {
                        RelayAnswer a = RelayAnswer.read(frame.content());
                        listener.ownerAnswered(RelayLink.this, a.at(), a.attendant());
                    }
                    case ERROR -> fail(frame.errorCode() == RelayServer.ERROR_NOT_OWNER ? "not-owner"
                            : "error-frame", null);
                    default -> fail("protocol-error", null); // an owner sends audio, answers, hangup and error only
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(failure == null ? "closed" : "error", failure);
            ctx.fireChannelInactive();
        }
    }
}
