package io.ramal.gateway.queue.audio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bridge's ring: order across the wrap, whole chunks or none, and one producer with one consumer. */
class AudioRingTest {

    @Test
    void bytesComeOutInOrderAcrossTheWrap() {
        AudioRing r = new AudioRing(1000);
        assertEquals(1024, r.capacity());
        byte[] out = new byte[1024];
        for (int round = 0; round < 10; round++) {
            byte[] in = new byte[320];
            for (int i = 0; i < in.length; i++) {
                in[i] = (byte) (round * 7 + i);
            }
            assertTrue(r.offer(in, 0, in.length, 8000));
            assertEquals(320, r.poll(out, 0, out.length));
            assertArrayEquals(in, java.util.Arrays.copyOf(out, 320));
        }
    }

    @Test
    void aChunkThatDoesNotFitIsDroppedWholeAndCounted() {
        AudioRing r = new AudioRing(1024);
        ByteBuf frame = Unpooled.buffer(320).writeZero(320);
        try {
            assertTrue(r.offer(frame, 16000));
            assertTrue(r.offer(frame, 16000));
            assertTrue(r.offer(frame, 16000));
            assertFalse(r.offer(frame, 16000));
            assertEquals(960, r.available());
            assertEquals(1, r.dropped());
            assertEquals(16000, r.sampleRate());
            assertEquals(320, frame.readableBytes(), "the frame is not consumed");
            r.skipAll();
            assertEquals(0, r.available());
        } finally {
            frame.release();
        }
    }

    @Test
    void oneProducerAndOneConsumerOnTwoThreadsSeeEveryByteInOrder() throws Exception {
        AudioRing r = new AudioRing(4096);
        int total = 2_000_000;
        AtomicBoolean failed = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            byte[] chunk = new byte[320];
            int next = 0;
            while (next < total) {
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = (byte) (next + i);
                }
                if (r.offer(chunk, 0, chunk.length, 8000)) {
                    next += chunk.length;
                } else {
                    Thread.onSpinWait();
                }
            }
        });
        producer.start();
        byte[] buf = new byte[1000];
        int seen = 0;
        while (seen < total && !failed.get()) {
            int n = r.poll(buf, 0, buf.length);
            for (int i = 0; i < n; i++) {
                if (buf[i] != (byte) (seen + i)) {
                    failed.set(true);
                }
            }
            seen += n;
        }
        producer.join();
        assertFalse(failed.get(), "a byte arrived out of order");
        assertEquals(total, seen);
    }
}
