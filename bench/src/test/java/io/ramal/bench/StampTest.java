package io.ramal.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StampTest {

    @Test
    void aStampWrittenInABufferReadsBackFromThePayloadHead() {
        ByteBuf b = Unpooled.buffer(323).writeZero(323);
        long nanos = -1234567890123L; // nanoTime may be negative
        Stamp.write(b, 3, 41, 99_999, nanos);
        byte[] head = new byte[Stamp.BYTES];
        b.getBytes(3, head);
        assertTrue(Stamp.isStamped(head, Stamp.BYTES));
        assertEquals(41, Stamp.call(head));
        assertEquals(99_999, Stamp.seq(head));
        assertEquals(nanos, Stamp.sendNanos(head));
        assertEquals(0, b.getByte(2), "the header is left alone");
        assertEquals(0, b.getByte(3 + Stamp.BYTES), "the tone after the stamp is left alone");
        b.release();
    }

    @Test
    void theArrayFormMatchesTheBufferForm() {
        byte[] a = new byte[Stamp.BYTES];
        Stamp.write(a, 0, 7, 3, Long.MAX_VALUE - 5);
        ByteBuf b = Unpooled.buffer(Stamp.BYTES).writeZero(Stamp.BYTES);
        Stamp.write(b, 0, 7, 3, Long.MAX_VALUE - 5);
        byte[] fromBuf = new byte[Stamp.BYTES];
        b.getBytes(0, fromBuf);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, fromBuf);
        assertEquals(Long.MAX_VALUE - 5, Stamp.sendNanos(a));
        b.release();
    }

    @Test
    void silenceAndShortFramesAreNotStamped() {
        assertFalse(Stamp.isStamped(new byte[Stamp.BYTES], Stamp.BYTES));
        byte[] a = new byte[Stamp.BYTES];
        Stamp.write(a, 0, 1, 1, 1);
        assertFalse(Stamp.isStamped(a, Stamp.BYTES - 1), "a payload shorter than the stamp cannot carry one");
    }
}
