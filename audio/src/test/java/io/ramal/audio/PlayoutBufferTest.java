package io.ramal.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlayoutBufferTest {

    private static final int FB = AudioFormat.SLIN_8K.frameBytes(); // 320

    @Test
    void hundredByteWritesAreReframedInOrder() {
        assertReframed(100);
    }

    @Test
    void thousandByteWritesAreReframedInOrder() {
        assertReframed(1000);
    }

    @Test
    void randomSizedWritesAreReframedInOrder() {
        Random r = new Random(3);
        byte[] stream = pattern(40 * FB, 0);
        PlayoutBuffer b = new PlayoutBuffer(FB, 100, 1, 0);
        for (int off = 0; off < stream.length; ) {
            int len = Math.min(1 + r.nextInt(700), stream.length - off);
            b.write(stream, off, len);
            off += len;
        }
        assertArrayEquals(stream, drain(b));
    }

    @Test
    void partialFrameWaitsUntilCompletedOrFlushedAsAShortFrame() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 10, 1, 0);
        byte[] chunk = pattern(100, 7);
        b.write(chunk, 0, 100);
        assertEquals(0, b.queuedFrames());
        assertFalse(b.isEmpty());
        assertEquals(0, b.read(new byte[FB], 0), "half a frame does not play");
        b.flushPartial();
        assertEquals(1, b.queuedFrames());
        byte[] frame = new byte[FB];
        Arrays.fill(frame, (byte) 0x55);
        assertEquals(100, b.read(frame, 0), "a short frame of its own, not padded");
        assertArrayEquals(chunk, Arrays.copyOf(frame, 100));
        assertTrue(b.isEmpty());
    }

    @Test
    void playoutWaitsForTheStartThreshold() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 10, 3, 100);
        byte[] out = new byte[FB];
        b.write(pattern(2 * FB, 0), 0, 2 * FB);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, b.read(out, 0), "two of three frames: still priming at tick " + i);
        }
        b.write(pattern(FB, 2), 0, FB);
        assertEquals(FB, b.read(out, 0));
        assertArrayEquals(pattern(FB, 0), out, "oldest first");
        assertEquals(FB, b.read(out, 0), "once started it plays below the threshold");
        assertEquals(FB, b.read(out, 0));
        assertEquals(0, b.read(out, 0));
    }

    @Test
    void shortStretchPlaysAfterPrimeTicks() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 10, 5, 3);
        byte[] out = new byte[FB];
        b.write(pattern(FB, 0), 0, FB);
        assertEquals(0, b.read(out, 0));
        assertEquals(0, b.read(out, 0));
        assertEquals(0, b.read(out, 0));
        assertEquals(FB, b.read(out, 0), "plays on the tick after primeTicks ticks of waiting");
    }

    @Test
    void zeroPrimeTicksPlaysTheFirstFrameAtOnce() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 10, 5, 0);
        b.write(pattern(FB, 0), 0, FB);
        assertEquals(FB, b.read(new byte[FB], 0));
    }

    @Test
    void runningDryPrimesAgainBeforeRestarting() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 10, 2, 1);
        byte[] out = new byte[FB];
        b.write(pattern(2 * FB, 0), 0, 2 * FB);
        assertEquals(FB, b.read(out, 0));
        assertEquals(FB, b.read(out, 0));
        assertEquals(0, b.read(out, 0), "dry");
        b.write(pattern(FB, 2), 0, FB);
        assertEquals(0, b.read(out, 0), "one frame after running dry waits a prime tick");
        assertEquals(FB, b.read(out, 0));
    }

    @Test
    void clearDropsQueuedFramesAndThePartialOne() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 50, 1, 0);
        b.write(pattern(5 * FB + 100, 0), 0, 5 * FB + 100);
        b.read(new byte[FB], 0);
        assertEquals(4, b.clear(), "whole frames dropped");
        assertTrue(b.isEmpty());
        assertEquals(0, b.queuedFrames());
        assertEquals(b.writePosition(), b.readPosition(), "a mark placed before clear is due at once");
        assertEquals(1, b.framesPlayed());
        // The old partial frame must not prefix the next utterance.
        byte[] next = pattern(FB, 99);
        b.write(next, 0, FB);
        byte[] out = new byte[FB];
        assertEquals(FB, b.read(out, 0));
        assertArrayEquals(next, out);
    }

    @Test
    void clearIsBargeInNotAnUnderrun() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 50, 1, 0);
        b.write(pattern(3 * FB, 0), 0, 3 * FB);
        b.read(new byte[FB], 0);
        b.clear();
        b.read(new byte[FB], 0);
        b.write(pattern(FB, 0), 0, FB);
        assertEquals(0, b.underruns());
    }

    @Test
    void fullBufferDropsTheOldestFramesAndCountsThem() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 4, 1, 0);
        b.write(pattern(6 * FB, 0), 0, 6 * FB);
        assertEquals(4, b.queuedFrames());
        assertEquals(2, b.overflows());
        assertEquals(6, b.writePosition());
        assertEquals(2, b.readPosition(), "dropped frames have left the buffer");
        assertArrayEquals(pattern(4 * FB, 2 * FB), drain(b), "the newest four remain, in order");
    }

    @Test
    void capacityBelowTheInitialRingIsStillHonoured() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 2, 1, 0);
        b.write(pattern(5 * FB, 0), 0, 5 * FB);
        assertEquals(2, b.queuedFrames());
        assertEquals(3, b.overflows());
        assertArrayEquals(pattern(2 * FB, 3 * FB), drain(b));
    }

    @Test
    void gapOfGapTicksCountsAsAnUnderrun() {
        assertEquals(1, underrunsAfterDryTicks(PlayoutBuffer.GAP_TICKS));
        assertEquals(1, underrunsAfterDryTicks(1));
    }

    @Test
    void silenceLongerThanGapTicksIsAPauseNotAnUnderrun() {
        // Regression: the tick on which the buffer ran dry was not counted, so a silence of
        // GAP_TICKS + 1 ticks still counted as an underrun.
        assertEquals(0, underrunsAfterDryTicks(PlayoutBuffer.GAP_TICKS + 1));
        assertEquals(0, underrunsAfterDryTicks(500));
    }

    @Test
    void firstAudioOfACallIsNotAnUnderrun() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 10, 1, 0);
        for (int i = 0; i < 5; i++) {
            b.read(new byte[FB], 0);
        }
        b.write(pattern(FB, 0), 0, FB);
        assertEquals(0, b.underruns());
    }

    @Test
    void eachGapCountsOnce() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 10, 1, 0);
        byte[] out = new byte[FB];
        for (int gap = 0; gap < 3; gap++) {
            b.write(pattern(2 * FB, 0), 0, 2 * FB);
            b.write(pattern(10, 0), 0, 10); // a second write before the next tick is the same gap
            b.read(out, 0);
            b.read(out, 0);
            b.read(out, 0); // dry
            b.read(out, 0);
        }
        assertEquals(2, b.underruns(), "the first stretch is not a gap");
    }

    @Test
    void positionsTellWhenAMarkIsDue() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 50, 1, 0);
        b.write(pattern(3 * FB + 10, 0), 0, 3 * FB + 10);
        assertEquals(3, b.writePosition(), "a partial frame is not written yet");
        b.flushPartial();
        long mark = b.writePosition();
        assertEquals(4, mark);
        b.write(pattern(2 * FB, 0), 0, 2 * FB);
        byte[] out = new byte[FB];
        int ticks = 0;
        while (b.readPosition() < mark) {
            b.read(out, 0);
            ticks++;
        }
        assertEquals(4, ticks, "due when the audio before it has played, not later");
        assertEquals(2, b.queuedFrames());
    }

    @Test
    void ringGrowsPastEightFramesKeepingOrderAcrossTheWrap() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 64, 1, 0);
        byte[] out = new byte[FB];
        ByteArrayOutputStream played = new ByteArrayOutputStream();
        // Move the head to the middle of the 8-frame ring so growth must unwrap it.
        b.write(pattern(6 * FB, 0), 0, 6 * FB);
        for (int i = 0; i < 5; i++) {
            b.read(out, 0);
            played.writeBytes(out);
        }
        b.write(pattern(40 * FB, 6 * FB), 0, 40 * FB);
        assertEquals(41, b.queuedFrames());
        assertEquals(0, b.overflows());
        played.writeBytes(drain(b));
        assertArrayEquals(pattern(46 * FB, 0), played.toByteArray());
    }

    @Test
    void interleavedWritesReadsAndClearsMatchASimpleQueue() {
        // A model check: random traffic against an unbounded deque trimmed to capacity.
        Random r = new Random(20260);
        for (int capacity : new int[] {1, 3, 8, 9, 17, 100}) {
            PlayoutBuffer b = new PlayoutBuffer(FB, capacity, 1, 0);
            ArrayDeque<Integer> model = new ArrayDeque<>();
            int next = 0;
            byte[] out = new byte[FB];
            for (int step = 0; step < 5000; step++) {
                int op = r.nextInt(10);
                if (op < 5) {
                    int frames = r.nextInt(op == 0 ? 30 : 3);
                    byte[] chunk = new byte[frames * FB];
                    for (int f = 0; f < frames; f++) {
                        Arrays.fill(chunk, f * FB, (f + 1) * FB, (byte) next);
                        model.addLast(next++ & 0xFF);
                        if (model.size() > capacity) {
                            model.removeFirst();
                        }
                    }
                    b.write(chunk, 0, chunk.length);
                } else if (op < 9) {
                    int n = b.read(out, 0);
                    if (model.isEmpty()) {
                        assertEquals(0, n);
                    } else {
                        assertEquals(FB, n);
                        assertEquals((int) model.removeFirst(), out[0] & 0xFF, "capacity " + capacity + " step " + step);
                        assertEquals(out[0], out[FB - 1]);
                    }
                } else {
                    assertEquals(model.size(), b.clear());
                    model.clear();
                }
                assertEquals(model.size(), b.queuedFrames());
                assertEquals(b.writePosition() - b.readPosition(), b.queuedFrames());
            }
        }
    }

    @Test
    void steadyStateAllocatesNothing() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 50, 1, 0);
        byte[] chunk = pattern(1000, 0);
        byte[] out = new byte[FB];
        for (int i = 0; i < 20; i++) {
            b.write(chunk, 0, chunk.length); // grow the ring to its capacity first
        }
        long allocated = Allocations.during(() -> {
            b.write(chunk, 0, chunk.length);
            for (int i = 0; i < 4; i++) {
                b.read(out, 0);
            }
        }, 2000);
        assertTrue(allocated < 2000, allocated + " bytes over 2000 rounds");
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PlayoutBuffer(321, 10, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PlayoutBuffer(0, 10, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PlayoutBuffer(FB, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PlayoutBuffer(FB, 10, 11, 0));
        assertThrows(IllegalArgumentException.class, () -> new PlayoutBuffer(FB, 10, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PlayoutBuffer(FB, 10, 1, -1));
        PlayoutBuffer b = PlayoutBuffer.of(AudioFormat.SLIN_16K, 10, 1, 0);
        assertEquals(640, b.frameBytes());
        assertThrows(IndexOutOfBoundsException.class, () -> b.write(new byte[10], 5, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> b.write(new byte[10], 1, Integer.MAX_VALUE));
        assertThrows(IndexOutOfBoundsException.class, () -> b.write(new byte[10], -1, 2));
        assertTrue(b.isEmpty(), "a refused write leaves nothing behind");
    }

    private static int underrunsAfterDryTicks(int dryTicks) {
        PlayoutBuffer b = new PlayoutBuffer(FB, 10, 1, 0);
        byte[] out = new byte[FB];
        b.write(pattern(2 * FB, 0), 0, 2 * FB);
        assertEquals(FB, b.read(out, 0));
        assertEquals(FB, b.read(out, 0));
        for (int i = 0; i < dryTicks; i++) {
            assertEquals(0, b.read(out, 0));
        }
        b.write(pattern(FB, 0), 0, FB);
        return (int) b.underruns();
    }

    private static void assertReframed(int chunkSize) {
        byte[] stream = pattern(30 * FB + 40, 0);
        PlayoutBuffer b = new PlayoutBuffer(FB, 100, 1, 0);
        for (int off = 0; off < stream.length; off += chunkSize) {
            b.write(stream, off, Math.min(chunkSize, stream.length - off));
        }
        assertEquals(30, b.queuedFrames());
        assertFalse(b.isEmpty(), "40 bytes wait for more");
        assertArrayEquals(Arrays.copyOf(stream, 30 * FB), drain(b));
    }

    /** Plays everything queued. */
    private static byte[] drain(PlayoutBuffer b) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] out = new byte[b.frameBytes()];
        while (b.queuedFrames() > 0) {
            assertEquals(b.frameBytes(), b.read(out, 0));
            all.writeBytes(out);
        }
        return all.toByteArray();
    }

    /** Bytes whose values follow their position in a stream starting at {@code start}. */
    private static byte[] pattern(int length, int start) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            int p = start + i;
            b[i] = (byte) (p * 31 + (p >> 8) * 7);
        }
        return b;
    }

    @Test
    void moveToCarriesWholeFramesAndThePartialOneIntoTheNextBuffer() {
        PlayoutBuffer a = new PlayoutBuffer(4, 50, 1, 0);
        byte[] in = {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4};
        a.write(in, 0, in.length); // three frames and half of a fourth
        PlayoutBuffer b = new PlayoutBuffer(4, 2, 1, 0);
        assertEquals(1, a.moveTo(b), "one frame did not fit");
        assertTrue(a.isEmpty());
        assertEquals(0, a.framesPlayed());
        assertEquals(2, b.queuedFrames(), "the next buffer's capacity applies");
        assertEquals(0, b.overflows(), "a transfer's leftover is not an overflow");
        byte[] out = new byte[4];
        b.read(out, 0);
        assertEquals(1, out[0], "the oldest frames are the ones kept: what was about to play");
        b.read(out, 0);
        assertEquals(2, out[0]);

        PlayoutBuffer c = new PlayoutBuffer(4, 50, 1, 0);
        c.write(in, 0, in.length);
        PlayoutBuffer d = new PlayoutBuffer(4, 50, 1, 0);
        assertEquals(0, c.moveTo(d));
        assertEquals(3, d.queuedFrames());
        byte[] rest = {4, 4};
        d.write(rest, 0, 2);
        d.read(out, 0);
        d.read(out, 0);
        d.read(out, 0);
        d.read(out, 0);
        assertArrayEquals(new byte[] {4, 4, 4, 4}, out, "the partial frame was completed by the next write");
        assertThrows(IllegalArgumentException.class, () -> a.moveTo(new PlayoutBuffer(8, 2, 1, 0)));
    }

    @Test
    void aShortLastFramePlaysUnpaddedOnceNothingCompletesItForATick() {
        PlayoutBuffer b = new PlayoutBuffer(4, 10, 2, 3);
        byte[] out = new byte[4];
        b.write(new byte[] {1, 1, 1, 1, 2, 2, 2, 2}, 0, 8);
        assertEquals(4, b.read(out, 0));
        b.write(new byte[] {3, 3}, 0, 2); // the stream ends with half a frame
        assertEquals(4, b.read(out, 0));
        assertArrayEquals(new byte[] {2, 2, 2, 2}, out);
        Arrays.fill(out, (byte) 9);
        assertEquals(2, b.read(out, 0), "a tick without more audio: it plays as a short frame");
        assertArrayEquals(new byte[] {3, 3, 9, 9}, out, "only its own bytes, no silence after them");
        assertEquals(0, b.underruns(), "no gap went before it");
        assertTrue(b.isEmpty());
        assertEquals(b.writePosition(), b.readPosition());

        // A piece written in the tick before the read gets that read as grace, and is completed.
        PlayoutBuffer g = new PlayoutBuffer(4, 10, 1, 0);
        g.write(new byte[] {5, 5}, 0, 2);
        assertEquals(0, g.read(out, 0), "just written: it may still be completed");
        g.write(new byte[] {6, 6}, 0, 2);
        assertEquals(4, g.read(out, 0));
        assertArrayEquals(new byte[] {5, 5, 6, 6}, out, "completed, not padded");

        // Pieces that keep coming are joined, never padded: 3 bytes per tick into 4-byte frames.
        PlayoutBuffer c = new PlayoutBuffer(4, 10, 1, 0);
        byte[] piece = {7, 7, 7};
        int played = 0;
        for (int t = 0; t < 8; t++) {
            c.write(piece, 0, 3);
            if (c.read(out, 0) == 4) {
                played++;
                assertArrayEquals(new byte[] {7, 7, 7, 7}, out, "tick " + t);
            }
        }
        assertEquals(6, played, "24 bytes, six whole frames, no padding");
    }

    @Test
    void asteriskPlaybackEndingIn276BytesLeavesAs276NotAsAPaddedFrame() {
        // The live buffer's shape: two frames before playout starts.
        PlayoutBuffer b = new PlayoutBuffer(FB, 25, 2, 3);
        byte[] out = new byte[FB];
        byte[] speech = pattern(5 * FB + 276, 0);
        b.write(speech, 0, FB);
        assertEquals(0, b.read(out, 0), "priming");
        ByteArrayOutputStream played = new ByteArrayOutputStream();
        for (int i = 1; i < 5; i++) {
            b.write(speech, i * FB, FB); // one frame in, one out, per tick
            assertEquals(FB, b.read(out, 0));
            played.write(out, 0, FB);
        }
        b.write(speech, 5 * FB, 276); // the playback's last frame
        assertEquals(FB, b.read(out, 0), "the frame queued before it");
        played.write(out, 0, FB);
        int n = b.read(out, 0);
        assertEquals(276, n, "the next tick finds no more audio: 276 bytes go out as they came");
        played.write(out, 0, n);
        assertArrayEquals(speech, played.toByteArray(), "every byte, in order, nothing added");
        assertEquals(0, b.read(out, 0));
        assertEquals(0, b.underruns());
    }

    @Test
    void aPieceHeldOverADryTickCountsAsAnUnderrun() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 25, 1, 0);
        byte[] out = new byte[FB];
        b.write(pattern(FB, 0), 0, FB);
        assertEquals(FB, b.read(out, 0));
        b.write(pattern(276, FB), 0, 276); // arrives just before the tick: it gets a tick of grace
        assertEquals(0, b.read(out, 0), "nothing whole: a silent tick, the gateway's gap");
        assertEquals(276, b.read(out, 0));
        assertEquals(1, b.underruns(), "the silent tick before it is counted");
    }

    @Test
    void shortFramesKeepTheirBoundariesThroughMoveTo() {
        PlayoutBuffer a = new PlayoutBuffer(FB, 50, 1, 0);
        a.write(pattern(FB + 100, 0), 0, FB + 100);
        a.flushPartial();
        a.write(pattern(FB, 7), 0, FB);
        PlayoutBuffer b = new PlayoutBuffer(FB, 10, 1, 0);
        assertEquals(0, a.moveTo(b));
        byte[] out = new byte[FB];
        assertEquals(FB, b.read(out, 0));
        assertEquals(100, b.read(out, 0), "the short frame is still one, not joined to the next");
        assertArrayEquals(Arrays.copyOfRange(pattern(FB + 100, 0), FB, FB + 100), Arrays.copyOf(out, 100));
        assertEquals(FB, b.read(out, 0));
        assertArrayEquals(pattern(FB, 7), out);
    }

    @Test
    void anOddPieceGetsOneZeroByteSoOnlyWholeSamplesLeave() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 10, 1, 0);
        b.write(pattern(101, 0), 0, 101);
        b.flushPartial();
        byte[] out = new byte[FB];
        Arrays.fill(out, (byte) 9);
        assertEquals(102, b.read(out, 0));
        assertArrayEquals(pattern(101, 0), Arrays.copyOf(out, 101));
        assertEquals(0, out[101]);
    }

    @Test
    void shortFramesAllocateNothingInTheSteadyState() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 50, 2, 3);
        byte[] chunk = pattern(FB, 0);
        byte[] out = new byte[FB];
        for (int i = 0; i < 60; i++) {
            b.write(chunk, 0, FB); // grow the ring first
        }
        b.clear();
        long allocated = Allocations.during(() -> {
            b.write(chunk, 0, FB);
            b.write(chunk, 0, FB);
            b.write(chunk, 0, 276);
            for (int i = 0; i < 4; i++) {
                b.read(out, 0);
            }
        }, 2000);
        assertTrue(allocated < 2000, allocated + " bytes over 2000 rounds");
    }
}
