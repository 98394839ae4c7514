package io.ramal.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One simulated channel's bookkeeping, on an embedded channel: no sockets, no timing. */
class LoadCallTest {

    private final LoadGenerator gen = new LoadGenerator(
            LoadPlan.of(Target.parse("127.0.0.1:40000"), 1, Duration.ZERO, Duration.ofSeconds(1)), true);
    private final byte[] template = LoadGenerator.frameTemplate();

    private static ByteBuf silence() {
        return Unpooled.buffer(323).writeByte(0x10).writeShort(320).writeZero(320);
    }

    @Test
    void sendsItsIdFirstThenStampedFrames() {
        LoadCall call = new LoadCall(gen, 3, 40000, 0);
        EmbeddedChannel ch = new EmbeddedChannel(call);
        ByteBuf id = ch.readOutbound();
        assertEquals(0x01, id.getByte(0));
        assertEquals(16, id.getUnsignedShort(1));
        assertEquals(19, id.readableBytes());
        id.release();
        call.send(template);
        ByteBuf f = ch.readOutbound();
        assertEquals(323, f.readableBytes());
        assertEquals(0x10, f.getByte(0));
        assertEquals(320, f.getUnsignedShort(1));
        byte[] head = new byte[Stamp.BYTES];
        f.getBytes(3, head);
        assertTrue(Stamp.isStamped(head, Stamp.BYTES));
        assertEquals(3, Stamp.call(head));
        assertEquals(0, Stamp.seq(head));
        assertEquals(template[3 + Stamp.BYTES], f.getByte(3 + Stamp.BYTES), "the tone follows the stamp");
        f.release();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void countsEchoesIgnoresPrimingSilenceAndFindsLossDuplicatesAndStrays() {
        gen.measuring = true;
        LoadCall call = new LoadCall(gen, 0, 40000, 0);
        EmbeddedChannel ch = new EmbeddedChannel(call);
        ((ByteBuf) ch.readOutbound()).release(); // id
        ByteBuf[] sent = new ByteBuf[3];
        for (int i = 0; i < 3; i++) {
            call.send(template);
            sent[i] = ch.readOutbound();
        }
        ch.writeInbound(silence());             // the far end priming: ignored
        ch.writeInbound(sent[0].retainedDuplicate());
        ch.writeInbound(Unpooled.wrappedBuffer(sent[1].retainedDuplicate(), silence())); // two in one read
        ch.writeInbound(sent[1].retainedDuplicate()); // again
        LoadCall other = new LoadCall(gen, 9, 40000, 0);
        EmbeddedChannel och = new EmbeddedChannel(other);
        ((ByteBuf) och.readOutbound()).release();
        other.send(template);
        ch.writeInbound((ByteBuf) och.readOutbound()); // another call's frame on this one
        for (ByteBuf b : sent) {
            b.release();
        }

        assertEquals(3, call.sent);
        assertEquals(2, call.received);
        assertEquals(1, call.lost(), "frame 2 never came back");
        assertEquals(1, call.duplicates);
        assertEquals(1, call.foreign);
        assertEquals(1, call.primingSilence);
        assertEquals(1, call.silence, "silence after the first echo, in the window, is the far end running dry");
        CallSummary s = call.summary();
        assertEquals("ok", s.state());
        assertEquals(1, s.lost());

        ch.close(); // the far end closes first: a drop
        assertEquals("dropped", call.summary().state());
        assertFalse(ch.finishAndReleaseAll());
        assertFalse(och.finishAndReleaseAll());
    }

    @Test
    void theFirstGapIsTimedFromTheFirstEcho() {
        gen.measuring = true;
        LoadCall call = new LoadCall(gen, 4, 40000, 0);
        EmbeddedChannel ch = new EmbeddedChannel(call);
        ((ByteBuf) ch.readOutbound()).release(); // id
        for (int i = 0; i < 2; i++) {
            call.send(template);
            ch.writeInbound((ByteBuf) ch.readOutbound());
        }
        assertEquals(2, call.received);
        // Was timed from 0 (a field of the same name hid the leg's clock): a gap of the machine's uptime.
        assertTrue(call.maxGapNanos < 1_000_000_000L, "first gap " + call.maxGapNanos + " ns");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aCallWeCloseIsNotDropped() {
        LoadCall call = new LoadCall(gen, 1, 40000, 0);
        EmbeddedChannel ch = new EmbeddedChannel(call);
        call.closing = true;
        ch.close();
        assertEquals("ok", call.summary().state());
        ch.finishAndReleaseAll();
    }

    @Test
    void aHangupFrameMarksTheCallDropped() {
        LoadCall call = new LoadCall(gen, 2, 40000, 0);
        EmbeddedChannel ch = new EmbeddedChannel(call);
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0}));
        assertEquals("dropped", call.summary().state());
        ch.finishAndReleaseAll();
    }

    @Test
    void phasesAreSpreadOverTheWindowForEveryPrefixOfCalls() {
        for (int n : new int[] {100, 1000, 3000}) {
            int[] perBucket = new int[LoadGenerator.BUCKETS];
            for (int i = 0; i < n; i++) {
                perBucket[LoadGenerator.bucketOf(i)]++;
            }
            double even = (double) n / LoadGenerator.BUCKETS;
            for (int b = 0; b < perBucket.length; b++) {
                assertTrue(Math.abs(perBucket[b] - even) <= Math.max(2, even * 0.1),
                        "bucket " + b + " of " + n + " calls has " + perBucket[b]);
            }
        }
    }

    @Test
    void theTemplateIsOneSlin8kFrame() {
        assertEquals(323, template.length);
        assertEquals(0x10, template[0]);
        assertEquals(320, (template[1] & 0xff) << 8 | (template[2] & 0xff));
        assertNotNull(gen);
    }
}
