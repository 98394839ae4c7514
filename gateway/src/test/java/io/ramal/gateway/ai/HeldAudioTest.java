package io.ramal.gateway.ai;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The caller's frames held while the agent connects: in order, stamped, bounded. */
class HeldAudioTest {

    private static byte[] frame(int n) {
        byte[] f = new byte[160];
        f[0] = (byte) n;
        f[1] = (byte) (n >> 8);
        return f;
    }

    /** What a release hands out: each frame's number and timestamp. */
    private static List<long[]> release(HeldAudio held, long nextStampMs) {
        List<long[]> out = new ArrayList<>();
        held.release(nextStampMs, (f, ts) -> out.add(new long[] {(f[0] & 0xff) | (f[1] & 0xff) << 8, ts}));
        return out;
    }

    @Test
    void framesComeOutInOrderStampedWithTheirPlaceInTheStream() {
        HeldAudio held = new HeldAudio();
        for (int i = 0; i < 11; i++) {
            held.add(frame(i)); // past the initial ring of four: it grows
        }
        assertEquals(11, held.size());
        List<long[]> out = release(held, 11 * 20);
        assertEquals(11, out.size());
        for (int i = 0; i < 11; i++) {
            assertEquals(i, out.get(i)[0]);
            assertEquals(20L * i, out.get(i)[1]);
        }
        assertEquals(0, held.size());
        assertEquals(0, held.dropped());
    }

    @Test
    void pastTwoSecondsTheOldestGoCountedAndTheRestKeepTheirPlaces() {
        HeldAudio held = new HeldAudio();
        int made = HeldAudio.MAX_FRAMES + 30;
        for (int i = 0; i < made; i++) {
            held.add(frame(i));
        }
        assertEquals(HeldAudio.MAX_FRAMES, held.size());
        assertEquals(30, held.dropped());
        List<long[]> out = release(held, made * 20L);
        assertEquals(30, out.get(0)[0], "the oldest went");
        assertEquals(30 * 20L, out.get(0)[1], "and the first one left keeps its own timestamp");
        assertEquals(made - 1, out.get(out.size() - 1)[0]);
        assertEquals((made - 1) * 20L, out.get(out.size() - 1)[1]);
    }

    @Test
    void clearDropsWhatIsHeldAndAFrameOfAnotherSizeIsRefused() {
        HeldAudio held = new HeldAudio();
        held.add(frame(1));
        held.add(frame(2));
        held.clear();
        assertEquals(0, held.size());
        assertEquals(0, release(held, 40).size());
        assertThrows(IllegalArgumentException.class, () -> held.add(new byte[320]));
    }
}
