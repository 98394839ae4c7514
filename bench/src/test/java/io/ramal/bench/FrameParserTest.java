package io.ramal.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameParserTest {

    private record Seen(int kind, int length, boolean stamped, int seq) {
    }

    private static final class Collect implements FrameParser.Sink {
        final List<Seen> frames = new ArrayList<>();

        @Override
        public void frame(int kind, int length, byte[] head, int headLen) {
            boolean s = Stamp.isStamped(head, headLen);
            frames.add(new Seen(kind, length, s, s ? Stamp.seq(head) : -1));
        }
    }

    /** Silence, two stamped frames, a short odd payload, a hangup. */
    private static byte[] stream() {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(0x10).writeShort(320).writeZero(320);
        for (int seq = 0; seq < 2; seq++) {
            int at = b.writerIndex() + 3;
            b.writeByte(0x10).writeShort(320).writeZero(320);
            Stamp.write(b, at, 5, seq, 1000 + seq);
        }
        b.writeByte(0x03).writeShort(1).writeByte('5');
        b.writeByte(0x00).writeShort(0);
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        b.release();
        return bytes;
    }

    private static void check(Collect c) {
        assertEquals(5, c.frames.size(), c.frames.toString());
        assertEquals(new Seen(0x10, 320, false, -1), c.frames.get(0));
        assertEquals(new Seen(0x10, 320, true, 0), c.frames.get(1));
        assertEquals(new Seen(0x10, 320, true, 1), c.frames.get(2));
        assertEquals(new Seen(0x03, 1, false, -1), c.frames.get(3));
        assertEquals(new Seen(0x00, 0, false, -1), c.frames.get(4));
    }

    @Test
    void wholeStreamInOneBuffer() {
        FrameParser p = new FrameParser();
        Collect c = new Collect();
        ByteBuf in = Unpooled.wrappedBuffer(stream());
        p.feed(in, c);
        assertFalse(in.isReadable());
        assertTrue(p.isIdle());
        check(c);
    }

    @Test
    void framesSplitAtEveryPossibleByteAreReassembled() {
        byte[] s = stream();
        for (int cut = 1; cut < s.length; cut++) {
            FrameParser p = new FrameParser();
            Collect c = new Collect();
            p.feed(Unpooled.wrappedBuffer(s, 0, cut), c);
            p.feed(Unpooled.wrappedBuffer(s, cut, s.length - cut), c);
            check(c);
        }
    }

    @Test
    void oneByteAtATime() {
        byte[] s = stream();
        FrameParser p = new FrameParser();
        Collect c = new Collect();
        for (byte value : s) {
            p.feed(Unpooled.wrappedBuffer(new byte[] {value}), c);
        }
        check(c);
        assertTrue(p.isIdle());
    }
}
