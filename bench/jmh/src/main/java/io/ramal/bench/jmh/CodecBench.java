package io.ramal.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ramal.gateway.codec.AudioSocketDecoder;
import io.ramal.gateway.codec.AudioSocketEncoder;
import io.ramal.gateway.codec.AudioSocketFrame;
import io.ramal.gateway.codec.AudioSocketHeader;
import io.ramal.gateway.codec.AudioSocketKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * The AudioSocket codec on one 320-byte slin 8 kHz frame (20 ms): decoding it from a pooled
 * buffer through the gateway's decoder in a channel pipeline (as a frame object to the next
 * handler, and as the gateway's calls take it: copied into the decoder's reused buffer and handed
 * to the call's audio sink), encoding it with the encoder's
 * static write, and building the pacer's outbound frame (pooled buffer, header, payload, release)
 * as the call's {@code OutboundFrame} does on every tick.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBench {

    private static final int PAYLOAD = 320;

    private EmbeddedChannel channel;
    private EmbeddedChannel sinkChannel;
    private Blackhole sinkHole;
    private ByteBuf wire;
    private ByteBuf payload;
    private ByteBuf out;
    private ByteBuf outFrame;
    private byte[] frame;
    private ByteBufAllocator alloc;
    private Sink sink;

    /** Takes each decoded frame, hands it to the blackhole and releases it, as CallSession does. */
    static final class Sink extends ChannelInboundHandlerAdapter {
        Blackhole bh;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            AudioSocketFrame f = (AudioSocketFrame) msg;
            bh.consume(f.content().getByte(f.content().readerIndex()));
            f.release();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        alloc = PooledByteBufAllocator.DEFAULT;
        sink = new Sink();
        channel = new EmbeddedChannel(new AudioSocketDecoder(), sink);
        channel.config().setAllocator(alloc);
        sinkChannel = new EmbeddedChannel(new AudioSocketDecoder(
                (kind, p) -> sinkHole.consume(p.getByte(p.readerIndex()))));
        sinkChannel.config().setAllocator(alloc);
        frame = new byte[PAYLOAD];
        for (int i = 0; i < PAYLOAD; i++) {
            frame[i] = (byte) (i * 7);
        }
        wire = alloc.directBuffer(AudioSocketHeader.BYTES + PAYLOAD);
        AudioSocketHeader.write(wire, AudioSocketKind.AUDIO_8K, PAYLOAD);
        wire.writeBytes(frame);
        payload = Unpooled.wrappedBuffer(frame);
        out = alloc.directBuffer(AudioSocketHeader.BYTES + PAYLOAD);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
        sinkChannel.finishAndReleaseAll();
        wire.release();
        out.release();
        if (outFrame != null) {
            outFrame.release();
        }
    }

    /** One frame through the decoder (reader index rewound, the buffer retained for it to release). */
    @Benchmark
    public void decode(Blackhole bh) {
        sink.bh = bh;
        wire.readerIndex(0);
        wire.retain();
        channel.pipeline().fireChannelRead(wire);
    }

    /** One frame through the decoder to an audio sink, as the gateway's call pipeline runs it. */
    @Benchmark
    public void decodeToSink(Blackhole bh) {
        sinkHole = bh;
        wire.readerIndex(0);
        wire.retain();
        sinkChannel.pipeline().fireChannelRead(wire);
    }

    /** One frame written with {@link AudioSocketEncoder#encode} into a reused buffer. */
    @Benchmark
    public ByteBuf encode() {
        out.clear();
        AudioSocketEncoder.encode(AudioSocketKind.AUDIO_8K, payload, out);
        return out;
    }

    /** The pacer's frame: the call's reused direct buffer, header and payload from the scratch array. */
    @Benchmark
    public int pacerFrame() {
        // As the call's OutboundFrame: its own frame buffer, reused once the socket has let go of it.
        ByteBuf b = outFrame;
        if (b == null || b.refCnt() != 1) {
            if (b != null) {
                b.release();
            }
            b = alloc.directBuffer(AudioSocketHeader.BYTES + PAYLOAD);
            outFrame = b;
        }
        b.clear();
        AudioSocketHeader.write(b, AudioSocketKind.AUDIO_8K, PAYLOAD);
        b.writeBytes(frame, 0, PAYLOAD);
        ByteBuf written = b.retain(); // what writeAndFlush is given
        int n = written.readableBytes();
        written.release(); // what the channel does once the frame is on the socket
        return n;
    }
}
