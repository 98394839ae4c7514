package io.ramal.bench;

import io.netty.buffer.ByteBuf;
import io.ramal.gateway.codec.AudioSocketHeader;

import java.net.InetSocketAddress;

/**
 * One simulated Asterisk channel on an echo line: sends one stamped 320-byte slin frame per
 * 20 ms at its phase and reads back what the far end sends, counting echoes, silence, round trips
 * and arrival gaps.
 *
 * <p>Confined to the generator's one event loop: no field needs a lock. The steady state
 * allocates nothing: frames come from the pooled allocator and are parsed in place.
 */
final class LoadCall extends LoadLeg {

    private int seq;
    private boolean echoing;

    LoadCall(LoadGenerator gen, int index, int port, int bucket) {
        this(gen, index, new InetSocketAddress(gen.host(), port), bucket);
    }

    LoadCall(LoadGenerator gen, int index, InetSocketAddress address, int bucket) {
        super(gen, index, address, bucket, Stamp.BYTES);
    }

    // ---- sending -----------------------------------------------------------------------------

    @Override
    boolean tick() {
        send(gen.template);
        return true;
    }

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
    void audio(byte[] head, int headLen, boolean measuring) {
        if (Stamp.isStamped(head, headLen)) {
            if (Stamp.call(head) != index) {
                foreign++;
                return;
            }
            stamped(head, measuring);
            echoing = true;
        } else if (!echoing) {
            primingSilence++; // the far end's playout buffer priming: not part of the stream yet
            return;
        } else if (measuring) {
            silence++; // the far end ran dry (after the window, sending stops and silence is expected)
        }
        arrival(measuring); // the first echo starts the clock of the arrival gaps
    }
}
