package io.ramal.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.ramal.gateway.codec.AudioSocketHeader;
import io.ramal.gateway.codec.AudioSocketKind;

import java.util.UUID;

/**
 * One simulated Asterisk channel: sends its id frame on connect, then one stamped 320-byte slin
 * frame per 20 ms at its phase (driven by {@link LoadGenerator}'s ticker), and reads back what
 * the far end sends, counting echoes, silence, round trips and arrival gaps.
 *
 * <p>Confined to the generator's one event loop: no field needs a lock. The steady state
 * allocates nothing: frames come from the pooled allocator and are parsed in place.
 */
final class LoadCall extends ChannelInboundHandlerAdapter implements FrameParser.Sink {

    enum State { NEW, CONNECTING, ACTIVE, REFUSED, DROPPED, CLOSED }

    private static final long GAP_LIMIT_NANOS = 25_000_000L;

    final LoadGenerator gen;
    final int index;
    final int port;
    final int bucket;
    private final FrameParser parser = new FrameParser();

    Channel channel;
    State state = State.NEW;
    /** We are closing it: the close that follows is not a drop. */
    boolean closing;
    boolean hungUp;

    private int seq;
    long sent;
    long sendBlocked;
    long received;
    long duplicates;
    long foreign;
    long primingSilence;
    long silence;
    long unexpected;
    long gapsOver25;
    long maxRttNanos;
    long maxGapNanos;
    private int lastSeq = -1;
    private long lastArrival;
    private boolean echoing;
    /** Arrival time of the bytes being parsed. */
    private long now;

    LoadCall(LoadGenerator gen, int index, int port, int bucket) {
        this.gen = gen;
        this.index = index;
        this.port = port;
        this.bucket = bucket;
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

    // ---- sending -----------------------------------------------------------------------------

    /** Sends the next frame. On the loop, from the ticker. */
    void send(byte[] template) {
        if (!channel.isWritable()) {
            sendBlocked++; // the far end stopped reading; Asterisk would block, we count
            return;
        }
        ByteBuf b = channel.alloc().directBuffer(template.length);
        b.writeBytes(template);
        Stamp.write(b, AudioSocketHeader.BYTES, index, seq++, System.nanoTime());
        channel.writeAndFlush(b, channel.voidPromise());
        sent++;
    }

    // ---- receiving ---------------------------------------------------------------------------

    @Override
    public void frame(int kind, int length, byte[] head, int headLen) {
        AudioSocketKind k = AudioSocketKind.find(kind);
        if (k == AudioSocketKind.HANGUP) {
            hungUp = true;
            return;
        }
        if (k == null || !k.isAudio()) {
            unexpected++;
            return;
        }
        boolean measuring = gen.measuring;
        if (Stamp.isStamped(head, headLen)) {
            if (Stamp.call(head) != index) {
                foreign++;
                return;
            }
            int s = Stamp.seq(head);
            if (s <= lastSeq) {
                duplicates++;
            } else {
                lastSeq = s;
                received++;
                gen.echoed();
            }
            long rtt = now - Stamp.sendNanos(head);
            gen.recordRtt(rtt, measuring);
            if (measuring && rtt > maxRttNanos) {
                maxRttNanos = rtt;
            }
            if (!echoing) {
                echoing = true;
                lastArrival = now;
                return;
            }
        } else if (!echoing) {
            primingSilence++; // the far end's playout buffer priming: not part of the stream yet
            return;
        } else if (measuring) {
            silence++; // the far end ran dry (after the window, sending stops and silence is expected)
        }
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

    /** Stamped frames sent and not (yet) back. */
    long lost() {
        return sent - received;
    }

    CallSummary summary() {
        String s = switch (state) {
            case REFUSED, NEW, CONNECTING -> "refused";
            case DROPPED -> "dropped";
            default -> hungUp ? "dropped" : "ok";
        };
        return new CallSummary(index, port, s, sent, received, lost(), duplicates, foreign, primingSilence, silence,
                Math.round(maxRttNanos / 10_000.0) / 100.0, Math.round(maxGapNanos / 10_000.0) / 100.0, gapsOver25);
    }
}
