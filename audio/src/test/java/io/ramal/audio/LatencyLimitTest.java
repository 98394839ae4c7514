package io.ramal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A live buffer's latency limit, through {@link PlayoutBuffer}: the first burst kept, excess trimmed gradually. */
class LatencyLimitTest {

    /** Two samples a frame: frame {@code n} is speech ({@code n} in its first sample, loud in its second). */
    private static final int FB = 4;

    private static byte[] speech(int n) {
        return new byte[] {(byte) n, (byte) (n >> 8), 0, 0x40};
    }

    private static byte[] pause() {
        return new byte[FB];
    }

    private static int number(byte[] frame) {
        return (frame[0] & 0xff) | (frame[1] & 0xff) << 8;
    }

    private static boolean isSpeech(byte[] frame) {
        return frame[3] == 0x40;
    }

    /** Writes {@code frame} and plays one tick; returns the frame played, or null on a silent tick. */
    private static byte[] tick(PlayoutBuffer b, byte[] frame) {
        if (frame != null) {
            b.write(frame, 0, frame.length);
        }
        byte[] out = new byte[FB];
        return b.read(out, 0) == 0 ? null : out;
    }

    @Test
    void aStandingExcessGoesAPauseAtATimeAndNothingSaidIsLost() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 50, 2, 3);
        b.limitLatency(4, 5, 0);
        for (int i = 0; i < 12; i++) {
            b.write(speech(i), 0, FB);
        }
        List<Integer> heard = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            byte[] out = tick(b, pause());
            if (out != null && isSpeech(out)) {
                heard.add(number(out));
            }
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), heard, "every frame of speech played, in order");
        assertEquals(3, b.queuedFrames(), "back at the target: 4 before a tick's read, 3 after");
        assertEquals(9, b.overflows(), "the excess went as pauses, counted");
        assertEquals(b.writePosition(), b.readPosition() + b.queuedFrames());
    }

    @Test
    void withNoPauseSpeechGoesOneFrameAWindowAfterFourWindows() {
        int window = 5;
        PlayoutBuffer b = new PlayoutBuffer(FB, 50, 2, 3);
        b.limitLatency(4, window, 0);
        int n = 0;
        for (; n < 12; n++) {
            b.write(speech(n), 0, FB);
        }
        tick(b, speech(n++)); // playout starts: the excess is counted from the next tick
        int forceAt = window * LatencyLimit.FORCE_AFTER_WINDOWS;
        for (int t = 1; t < forceAt; t++) {
            tick(b, speech(n++));
        }
        assertEquals(0, b.overflows(), "jitter and a short excess are left alone");
        tick(b, speech(n++));
        assertEquals(1, b.overflows(), "then one frame");
        for (int t = 1; t < window; t++) {
            tick(b, speech(n++));
        }
        assertEquals(1, b.overflows(), "and the next only a window later");
        tick(b, speech(n++));
        assertEquals(2, b.overflows());
        for (int t = 0; t < 7 * window; t++) {
            tick(b, speech(n++));
        }
        assertEquals(8, b.overflows(), "until latency is within a frame of the target");
        assertEquals(4, b.queuedFrames());
        for (int t = 0; t < 10 * window; t++) {
            tick(b, speech(n++));
        }
        assertEquals(8, b.overflows(), "a steady stream a frame over the target loses nothing more");
        for (int t = 0; t < window + 1; t++) {
            tick(b, pause());
        }
        assertEquals(3, b.queuedFrames(), "the next pause takes that frame too");
    }

    @Test
    void theFirstBurstIsKeptPastTheCapacityAndTrimmedAfterward() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 10, 2, 3);
        b.limitLatency(3, 25, 50);
        int n = 0;
        for (; n < 14; n++) {
            b.write(speech(n), 0, FB); // what Asterisk queued while the leg came up, in one burst
        }
        assertEquals(14, b.queuedFrames(), "past the capacity of 10");
        List<Integer> heard = new ArrayList<>();
        for (int t = 0; t < 300; t++) { // then 6 s of a steady stream, with jitter of two frames in one tick
            byte[] in = speech(n++);
            if (t % 10 == 3) {
                b.write(in, 0, FB);
                in = speech(n++);
            }
            byte[] out = tick(b, t % 10 == 4 ? null : in);
            if (t % 10 == 4) {
                n--;
            }
            if (out != null) {
                heard.add(number(out));
            }
        }
        for (int i = 0; i < heard.size(); i++) {
            assertEquals(i, heard.get(i), "played in order, none lost: " + heard);
        }
        assertEquals(0, b.overflows(), "a caller who never pauses loses nothing to the first burst's latency");
        for (int t = 0; t < 40; t++) {
            tick(b, pause()); // a pause brings latency back down
        }
        assertEquals(2, b.queuedFrames(), "back at the target: 3 before a tick's read");
        assertTrue(b.overflows() >= 11, "the burst's latency trimmed, counted: " + b.overflows());
        for (int i = 0; i < 12; i++) {
            b.write(speech(i), 0, FB);
        }
        assertEquals(10, b.queuedFrames(), "the capacity alone applies again");
    }

    @Test
    void latencyBuiltUpDuringTheCallIsTrimmedEvenAfterAFirstBurst() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 10, 2, 3);
        b.limitLatency(3, 25, 50);
        int n = 0;
        for (; n < 8; n++) {
            b.write(speech(n), 0, FB); // a first burst: 5 frames over the target, kept
        }
        for (int t = 0; t < 150; t++) {
            tick(b, speech(n++));
        }
        assertEquals(0, b.overflows(), "the burst's latency stays while nobody pauses");
        for (int i = 0; i < 3; i++) {
            b.write(speech(n++), 0, FB); // a far-side stall delivered at once: 3 frames more
        }
        for (int t = 0; t < 400; t++) {
            tick(b, speech(n++));
        }
        assertEquals(2, b.overflows(), "what built up during the call went, one frame a window, to within a frame");
    }

    @Test
    void whatArrivesLateInTheFirstSecondJoinsTheFirstBurstInsteadOfBeingTrimmed() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 10, 2, 3);
        b.limitLatency(3, 25, 50);
        int n = 0;
        for (; n < 4; n++) {
            b.write(speech(n), 0, FB);
        }
        List<Integer> heard = new ArrayList<>();
        for (int t = 0; t < 400; t++) {
            byte[] in = speech(n++);
            if (t == 20) { // Asterisk, busy bringing 200 legs up, delivers 3 frames late at once
                b.write(in, 0, FB);
                b.write(speech(n++), 0, FB);
                in = speech(n++);
            }
            byte[] out = tick(b, in);
            if (out != null) {
                heard.add(number(out));
            }
        }
        for (int i = 0; i < heard.size(); i++) {
            assertEquals(i, heard.get(i), "played in order, none lost: " + heard);
        }
        assertEquals(0, b.overflows());
    }

    @Test
    void latencyNeverGrowsPastTheFirstBurstBound() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 10, 2, 3);
        b.limitLatency(3, 25, 20);
        for (int i = 0; i < 30; i++) {
            b.write(speech(i), 0, FB);
        }
        assertEquals(20, b.queuedFrames(), "a burst is held up to its bound");
        assertEquals(10, b.overflows());
        byte[] out = new byte[FB];
        b.read(out, 0);
        assertEquals(10, number(out), "the oldest went");
        for (int i = 0; i < 100; i++) {
            b.write(speech(i), 0, FB);
        }
        assertEquals(10 + (20 - 3), b.queuedFrames(),
                "the capacity plus what the burst brought over the target, never more");

        PlayoutBuffer small = new PlayoutBuffer(FB, 10, 2, 3);
        small.limitLatency(3, 25, 20);
        for (int i = 0; i < 5; i++) {
            small.write(speech(i), 0, FB);
        }
        small.read(out, 0);
        for (int i = 0; i < 20; i++) {
            small.write(speech(i), 0, FB);
        }
        assertEquals(10 + 2, small.queuedFrames(), "a small first burst leaves the headroom it brought, no more");
    }

    @Test
    void badArgumentsAreRefused() {
        PlayoutBuffer b = new PlayoutBuffer(FB, 10, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> b.limitLatency(0, 25, 0));
        assertThrows(IllegalArgumentException.class, () -> b.limitLatency(3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> b.limitLatency(3, 25, -1));
    }
}
