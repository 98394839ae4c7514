package io.ramal.gateway.call;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call's frames on a real epoll socket: straight to the socket while nothing is queued, through
 * Netty's queue once the peer stops reading and the socket fills, and straight again once the queue
 * has drained, every byte in order.
 */
class OutboundFrameIT {

    private static final int PAYLOAD = 320;
    private static final int FRAME = 3 + PAYLOAD;

    private EventLoopGroup group;
    private Channel server;
    private Socket peer;

    @AfterEach
    void close() throws Exception {
        if (peer != null) {
            peer.close();
        }
        if (server != null) {
            server.close().sync();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void framesGoStraightToTheSocketQueueBehindAFullOneAndArriveInOrder() throws Exception {
        assertTrue(Epoll.isAvailable(), "this test needs Linux epoll: " + Epoll.unavailabilityCause());
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.SO_SNDBUF, 4096) // fills after a few dozen frames
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        accepted.complete(ctx.channel());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        peer = new Socket();
        peer.setReceiveBufferSize(4096); // and the peer reads nothing yet
        peer.connect(server.localAddress() instanceof InetSocketAddress a ? a : null, 5_000);
        Channel ch = accepted.get(5, TimeUnit.SECONDS);
        OutboundFrame frame = new OutboundFrame();
        try {
            sendReadAndDrain(ch, frame);
        } finally {
            onLoop(ch, () -> {
                frame.release();
                return null;
            });
        }
    }

    private void sendReadAndDrain(Channel ch, OutboundFrame frame) throws Exception {
        int first = 400;
        onLoop(ch, () -> {
            for (int i = 0; i < first; i++) {
                send(frame, ch, i);
            }
            return null;
        });
        long direct = onLoop(ch, frame::directWrites);
        long queued = onLoop(ch, () -> ch.unsafe().outboundBuffer().totalPendingWriteBytes());
        assertTrue(direct > 0 && direct < first, "the first frames went straight, the rest queued: direct=" + direct);
        assertTrue(queued > 0, "a full socket leaves the rest to Netty's queue");

        DataInputStream in = new DataInputStream(peer.getInputStream());
        expect(in, 0, first);
        Await.until(Duration.ofSeconds(5), "Netty's queue drained", () -> onLoopQuietly(ch,
                () -> ch.unsafe().outboundBuffer().totalPendingWriteBytes()) == 0);

        // A send buffer with room again (the small one may still hold bytes the peer has not acked).
        ch.config().setOption(ChannelOption.SO_SNDBUF, 1 << 20);
        int more = 10;
        onLoop(ch, () -> {
            for (int i = first; i < first + more; i++) {
                send(frame, ch, i);
            }
            return null;
        });
        assertEquals(direct + more, onLoop(ch, frame::directWrites), "straight to the socket again once drained");
        expect(in, first, first + more);
    }

    /** Frame {@code i}: its number in the first four bytes of the payload. */
    private static void send(OutboundFrame frame, Channel ch, int i) {
        ByteBuf payload = Unpooled.buffer(PAYLOAD);
        payload.writeInt(i).writeZero(PAYLOAD - 4);
        frame.send(ch, AudioSocketKind.AUDIO_8K, payload);
        payload.release();
    }

    /** Reads frames {@code from} to {@code to} (exclusive) and checks each header and number. */
    private static void expect(DataInputStream in, int from, int to) throws Exception {
        byte[] f = new byte[FRAME];
        for (int i = from; i < to; i++) {
            in.readFully(f);
            ByteBuf b = Unpooled.wrappedBuffer(f);
            assertEquals(AudioSocketKind.AUDIO_8K.byteValue(), b.readByte(), "kind of frame " + i);
            assertEquals(PAYLOAD, b.readUnsignedShort(), "length of frame " + i);
            assertEquals(i, b.readInt(), "frames in order");
        }
    }

    private static <T> T onLoop(Channel ch, Callable<T> task) throws Exception {
        return ch.eventLoop().submit(task).get(5, TimeUnit.SECONDS);
    }

    private static <T> T onLoopQuietly(Channel ch, Callable<T> task) {
        try {
            return onLoop(ch, task);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
