package io.ramal.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.ramal.gateway.codec.AudioSocketHeader;
import io.ramal.gateway.codec.AudioSocketKind;

import java.net.InetSocketAddress;
import java.util.UUID;

/**
 * One simulated Asterisk channel of a load run, whatever its line: connects, sends its id frame,
 * then sends what its {@link Workload} says once per 20 ms tick at its phase (driven by
 * {@link LoadGenerator}'s ticker), and parses what the far end sends back in place. Holds the
 * bookkeeping every kind of leg shares; {@link LoadCall} (echo), {@link AiCall} and
 * {@link QueueLeg} say what they send and what an arriving frame means.
 *
 * <p>Confined to the generator's one event loop: no field needs a lock.
 */
abstract class LoadLeg extends ChannelInboundHandlerAdapter implements FrameParser.Sink {

    enum State { NEW, CONNECTING, ACTIVE, REFUSED, DROPPED, CLOSED }

    static final long GAP_LIMIT_NANOS = 25_000_000L;

    final LoadGenerator gen;
    final int index;
    final int port;
    final InetSocketAddress address;
    final int bucket;
    private final FrameParser parser;

    Channel channel;
    State state = State.NEW;
    /** We are closing it: the close that follows is not a drop. */
    boolean closing;
    boolean hungUp;

    long sent;
    long sendBlocked;
    long received;
    long duplicates;
    /** The last stamped sequence counted; -1 before any. */
    private int lastSeq = -1;
    long foreign;
    long primingSilence;
    long silence;
    long unexpected;
    long gapsOver25;
    long maxRttNanos;
    long maxGapNanos;
    /** Arrival time of the bytes being parsed. */
    long now;
    private long lastArrival;
    private boolean arriving;

    /**
     * @param headBytes payload bytes of each arriving frame the leg reads ({@link FrameParser})
     */
    LoadLeg(LoadGenerator gen, int index, InetSocketAddress address, int bucket, int headBytes) {
        this.gen = gen;
        this.index = index;
        this.address = address;
        this.port = address.getPort();
        this.bucket = bucket;
        this.parser = new FrameParser(headBytes);
    }

    // ---- channel -----------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        state = State.ACTIVE;
        UUID id = new UUID(0x52414d414c000000L | index, System.nanoTime());
        ByteBuf b = ctx.alloc().directBuffer(AudioSocketHeader.BYTES + 16);
        AudioSocketHeader.write(b, AudioSocketKind.ID, 16);
        b.writeLong(id.getMostSignificantBits()).writeLong(id.getLeastSignificantBits());
        ctx.writeAndFlush(b, ctx.voidPromise());
        gen.connected(this);
        connected();
    }

    /** The id frame has left: the call is up. */
    void connected() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            now = System.nanoTime();
            parser.feed(in, this);
        } finally {
            in.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.ACTIVE) {
            if (closing) {
                state = State.CLOSED;
            } else {
                state = State.DROPPED;
                gen.dropped(this);
            }
        }
        gen.closed(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        gen.error(this, cause);
        ctx.close();
    }

    // ---- receiving ---------------------------------------------------------------------------

    /** Every frame the gateway sends: a hangup ends the call, audio goes to {@link #audio}, the rest is unexpected. */
    @Override
    public final void frame(int kind, int length, byte[] head, int headLen) {
        AudioSocketKind k = AudioSocketKind.find(kind);
        if (k == AudioSocketKind.HANGUP) {
            hungUp = true;
        } else if (k == null || !k.isAudio()) {
            unexpected++;
        } else {
            audio(head, headLen, gen.measuring);
        }
    }

    /** An audio frame arrived at {@link #now}; {@code head} holds its first bytes. */
    abstract void audio(byte[] head, int headLen, boolean measuring);

    /**
     * A stamped frame of this leg's stream: counted once (a sequence seen before is a duplicate),
     * and the time since it was stamped recorded (the echo's round trip, a partner's one way).
     */
    final void stamped(byte[] head, boolean measuring) {
        int s = Stamp.seq(head);
        if (s <= lastSeq) {
            duplicates++;
        } else {
            lastSeq = s;
            received++;
            gen.echoed();
        }
        long t = now - Stamp.sendNanos(head);
        gen.recordRtt(t, measuring);
        if (measuring && t > maxRttNanos) {
            maxRttNanos = t;
        }
    }

    // ---- sending -----------------------------------------------------------------------------

    /**
     * This leg's 20 ms tick, on the loop: sends its next frame.
     *
     * @return true when the frame is one that counts (the generator's running total of stamped frames)
     */
    abstract boolean tick();

    /** True, counted, when the far end stopped reading: Asterisk would block, we skip the frame. */
    final boolean blocked() {
        if (channel.isWritable()) {
            return false;
        }
        sendBlocked++;
        return true;
    }

    // ---- receiving ---------------------------------------------------------------------------

    /**
     * Records the gap since the previous frame that {@link #arrival(boolean)} was called for; the
     * first call only starts the clock.
     */
    final void arrival(boolean measuring) {
        if (!arriving) {
            arriving = true;
            lastArrival = now;
            return;
        }
        sinceLast(measuring);
    }

    /** The gap from the frame before (at {@code lastArrival}) to this one, recorded. */
    final void sinceLast(boolean measuring) {
        long gap = now - lastArrival;
        lastArrival = now;
        gen.recordGap(gap, measuring);
        if (measuring) {
            if (gap > maxGapNanos) {
                maxGapNanos = gap;
            }
            if (gap > GAP_LIMIT_NANOS) {
                gapsOver25++;
            }
        }
    }

    /**
     * Frames that should have reached this leg and count for loss: for echo the frames it sent,
     * for an AI caller its voiced frames, for a bridged leg what its partner sent once bridged.
     */
    long expected() {
        return sent;
    }

    /** Expected frames not (yet) arrived. */
    final long lost() {
        return expected() - received;
    }

    CallSummary summary() {
        String s = switch (state) {
            case REFUSED, NEW, CONNECTING -> "refused";
            case DROPPED -> "dropped";
            default -> hungUp ? "dropped" : "ok";
        };
        return new CallSummary(index, port, s, expected(), received, lost(), duplicates, foreign, primingSilence,
                silence, Math.round(maxRttNanos / 10_000.0) / 100.0, Math.round(maxGapNanos / 10_000.0) / 100.0,
                gapsOver25);
    }
}
