package io.ramal.bench.fuzz;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.ramal.bench.FrameParser;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens fuzz connections to one address, {@code concurrency} at a time (and, given a rate, no
 * faster than that many frames a second on average), until {@code frames} frames have been sent: each connection writes one {@link FuzzFrames} burst, reads whatever the
 * gateway sends back (frames parsed in place, hangups counted), and is closed with a reset a
 * short while after its bytes have left, or when the gateway closes it first. Resetting rather
 * than closing keeps tens of thousands of connections from piling up in TIME_WAIT on this side.
 * Runs on one event loop; every field is confined to it.
 */
final class Fuzzer {

    /** Frames in one connection's burst, at most. */
    static final int MAX_FRAMES_PER_CONNECTION = 200;
    private static final long LINGER_MS = 100;

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final InetSocketAddress target;
    private final long framesWanted;
    private final int concurrency;
    private final long ratePerSecond;
    private long startNanos;
    private boolean refillScheduled;
    private final FuzzFrames frames;
    private final FuzzFrames.Burst burst = new FuzzFrames.Burst();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private int open;
    long framesSent;
    long framesBeforeEnd;
    long bytesSent;
    long connections;
    long connectFailures;
    long truncated;
    long framesReceived;
    long hangupsReceived;
    long closedByGateway;

    Fuzzer(EventLoop loop, Class<? extends Channel> channelClass, InetSocketAddress target, long framesWanted,
           int concurrency, long ratePerSecond, long seed) {
        this.loop = loop;
        this.ratePerSecond = ratePerSecond;
        this.target = target;
        this.framesWanted = framesWanted;
        this.concurrency = concurrency;
        this.frames = new FuzzFrames(seed);
        this.bootstrap = new Bootstrap().group(loop).channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_LINGER, 0)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
    }

    /** Starts; the future completes once every frame is sent and every connection closed. */
    CompletableFuture<Void> start() {
        loop.execute(() -> {
            startNanos = System.nanoTime();
            refill();
        });
        return done;
    }

    private void refill() {
        while (open < concurrency && framesSent < framesWanted) {
            if (ratePerSecond > 0 && framesSent > (System.nanoTime() - startNanos) / 1e9 * ratePerSecond) {
                // Ahead of the rate: look again in a few milliseconds.
                if (!refillScheduled) {
                    refillScheduled = true;
                    loop.schedule(() -> {
                        refillScheduled = false;
                        refill();
                    }, 5, TimeUnit.MILLISECONDS);
                }
                return;
            }
            open++;
            connections++;
            Conn c = new Conn();
            bootstrap.clone().handler(c).connect(target).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    connectFailures++; // the channel's unregistration closes it
                }
            });
            // Count the frames now, so the loop stops opening connections in time.
            framesSent += c.plan();
        }
        if (open == 0 && framesSent >= framesWanted) {
            done.complete(null);
        }
    }

    private void closed() {
        open--;
        refill();
    }

    /** One fuzz connection. */
    private final class Conn extends ChannelInboundHandlerAdapter implements FrameParser.Sink {
        private final FrameParser parser = new FrameParser();
        private ByteBuf bytes;
        private boolean gone;
        private boolean weClosed;

        /** Builds the burst before connecting; returns its frame count. */
        int plan() {
            bytes = PooledByteBufAllocator.DEFAULT.directBuffer(8192);
            frames.write(bytes, MAX_FRAMES_PER_CONNECTION, burst);
            framesBeforeEnd += burst.framesBeforeEnd;
            bytesSent += bytes.readableBytes();
            if (burst.truncated) {
                truncated++;
            }
            return burst.frames;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ByteBuf b = bytes;
            bytes = null;
            ctx.writeAndFlush(b).addListener((ChannelFutureListener) f ->
                    ctx.executor().schedule(() -> {
                        weClosed = true;
                        ctx.close();
                    }, LINGER_MS, TimeUnit.MILLISECONDS));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                parser.feed(in, this);
            } finally {
                in.release();
            }
        }

        @Override
        public void frame(int kind, int length, byte[] head, int headLen) {
            if (kind == 0 && length == 0) {
                hangupsReceived++;
            } else {
                framesReceived++;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // resets from the gateway are part of the game
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!weClosed) {
                closedByGateway++;
            }
            finish();
        }

        @Override
        public void channelUnregistered(ChannelHandlerContext ctx) {
            finish(); // a connection that never became active
        }

        private void finish() {
            if (gone) {
                return;
            }
            gone = true;
            if (bytes != null) {
                bytes.release();
                bytes = null;
            }
            closed();
        }
    }
}
