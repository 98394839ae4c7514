package io.ramal.bench;

import io.netty.buffer.ByteBuf;
import io.ramal.gateway.codec.AudioSocketHeader;

import java.net.InetSocketAddress;

/**
 * One leg of a queue run, attendant or caller ({@link QueueLoad}): sends a {@link Stamp}ed frame
 * of its own tone every 20 ms, and takes the first stamped frame of a leg of the other side that
 * it hears as its partner's: the bridge is up. From there it counts the partner's frames (each
 * once, in order: loss is what the partner sent from that frame on and did not arrive), the
 * one-way latency (both ends share this process's clock), arrival gaps, and which tone each frame
 * carries. What it hears before the bridge (announcements, hold audio, silence) is ignored.
 *
 * <p>Confined to the generator's event loop.
 */
final class QueueLeg extends LoadLeg {

    private final QueueLoad load;
    private int seq;
    private int partner = -1;
    private int firstSeq;
    long partnerTone;
    long otherTone;

    QueueLeg(LoadGenerator gen, QueueLoad load, int index, InetSocketAddress address, int bucket) {
        super(gen, index, address, bucket, load.template(index).length - AudioSocketHeader.BYTES);
        this.load = load;
    }

    /** The partner's leg number, or -1 before the bridge. */
    int partner() {
        return partner;
    }

    @Override
    boolean tick() {
        if (blocked()) {
            return false;
        }
        byte[] template = load.template(index);
        ByteBuf b = channel.alloc().directBuffer(template.length);
        b.writeBytes(template);
        Stamp.write(b, AudioSocketHeader.BYTES, index, seq++, System.nanoTime());
        channel.writeAndFlush(b, channel.voidPromise());
        sent++;
        return true;
    }

    /** What the partner sent from the first frame heard on: every one should have arrived. */
    @Override
    long expected() {
        return partner < 0 ? 0 : load.sentBy(partner) - firstSeq;
    }

    @Override
    void audio(byte[] head, int headLen, boolean measuring) {
        if (!Stamp.isStamped(head, headLen)) {
            if (partner < 0) {
                primingSilence++; // before the bridge: the queue's prompts, hold audio, silence
                return;
            }
            arrival(measuring);
            if (measuring) {
                silence++; // the partner's audio ran dry
            }
            return;
        }
        int from = Stamp.call(head);
        if (partner < 0) {
            if (!load.couldPartner(index, from)) {
                foreign++;
                return;
            }
            partner = from;
            firstSeq = Stamp.seq(head);
        } else if (from != partner) {
            foreign++;
            return;
        }
        stamped(head, measuring); // the time it carries is one way, from the partner
        if (headLen >= Stamp.BYTES + 2 * load.meter.samples()
                && load.meter.strongest(head, Stamp.BYTES) == QueueLoad.frequencyOf(partner)) {
            partnerTone++;
        } else {
            otherTone++;
        }
        arrival(measuring);
    }
}
