package io.ramal.gateway.ai;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.PlayoutBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Mark bookkeeping against a real playout buffer, tick by tick. */
class MarkQueueTest {

    private final PlayoutBuffer playout = PlayoutBuffer.of(AudioFormat.SLIN_8K, 500, 1, 0);
    private final MarkQueue marks = new MarkQueue();
    private final List<String> echoed = new ArrayList<>();
    private final byte[] frame = new byte[320];

    /** What the handler does on a mark: complete the partial frame, note the write position. */
    private void mark(String name) {
        playout.flushPartial();
        marks.add(name, playout.writePosition());
        marks.releaseDue(playout.readPosition(), echoed::add);
    }

    /** One pacer tick: the handler's tick, then the frame leaves. */
    private void tick() {
        marks.releaseDue(playout.readPosition(), echoed::add);
        playout.read(frame, 0);
    }

    @Test
    void aMarkComesBackOnlyAfterEveryFrameBeforeItPlayed() {
        playout.write(new byte[3 * 320 + 100], 0, 3 * 320 + 100); // 3 frames and a partial
        mark("a");
        for (int i = 0; i < 4; i++) {
            tick();
            assertEquals(List.of(), echoed, "tick " + i + ": 4 frames (the partial padded) still to play");
        }
        tick();
        assertEquals(List.of("a"), echoed);
    }

    @Test
    void marksComeBackInTheOrderTheyCame() {
        playout.write(new byte[320], 0, 320);
        mark("one");
        playout.write(new byte[640], 0, 640);
        mark("two");
        mark("three"); // nothing between two and three: due together, still in order
        for (int i = 0; i < 4; i++) {
            tick();
        }
        assertEquals(List.of("one", "two", "three"), echoed);
    }

    @Test
    void aMarkWithNothingQueuedComesBackAtOnce() {
        mark("now");
        assertEquals(List.of("now"), echoed);
    }

    @Test
    void clearEchoesEveryPendingMark() {
        playout.write(new byte[320 * 50], 0, 320 * 50);
        mark("x");
        playout.write(new byte[320 * 50], 0, 320 * 50);
        mark("y");
        tick();
        playout.clear();
        marks.releaseAll(echoed::add);
        assertEquals(List.of("x", "y"), echoed);
        assertEquals(0, marks.size());
    }

    @Test
    void framesDroppedOnOverflowCountAsGone() {
        PlayoutBuffer small = PlayoutBuffer.of(AudioFormat.SLIN_8K, 2, 1, 0);
        small.write(new byte[320], 0, 320);
        small.flushPartial();
        marks.add("old", small.writePosition());
        small.write(new byte[320 * 3], 0, 320 * 3); // pushes the first frame out
        marks.releaseDue(small.readPosition(), echoed::add);
        assertEquals(List.of("old"), echoed);
    }
}
