package io.ramal.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnergyDetectorTest {

    private static final int FRAME = AudioFormat.SLIN_8K.frameBytes();
    private static final byte[] SILENCE = new byte[FRAME];
    private static final byte[] SPEECH = frameOf(new Tone(AudioFormat.SLIN_8K, 300, 0.1)); // about -23 dBFS
    private static final byte[] HISS = frameOf(new Tone(AudioFormat.SLIN_8K, 300, 0.001)); // about -63 dBFS

    @Test
    void energyIsMeasuredInDbfs() {
        byte[] square = new byte[FRAME];
        for (int n = 0; n < FRAME / 2; n++) {
            Signals.put(square, n, n % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE);
        }
        assertEquals(0.0, EnergyDetector.dbfs(square, 0, FRAME), 0.001);
        assertEquals(-3.01, EnergyDetector.dbfs(frameOf(new Tone(8000, 400, 1.0)), 0, FRAME), 0.01);
        assertEquals(-23.01, EnergyDetector.dbfs(SPEECH, 0, FRAME), 0.05);
        assertEquals(Double.NEGATIVE_INFINITY, EnergyDetector.dbfs(SILENCE, 0, FRAME));
    }

    @Test
    void speechStartsOnlyAfterEnoughLoudFramesInARow() {
        EnergyDetector d = new EnergyDetector(-40, 3, 10);
        assertEquals(EnergyDetector.Event.NONE, feed(d, SPEECH));
        assertEquals(EnergyDetector.Event.NONE, feed(d, SPEECH));
        assertEquals(EnergyDetector.Event.NONE, feed(d, SILENCE)); // a click, not a word
        assertEquals(EnergyDetector.Event.NONE, feed(d, SPEECH));
        assertEquals(EnergyDetector.Event.NONE, feed(d, SPEECH));
        assertFalse(d.speaking());
        assertEquals(EnergyDetector.Event.SPEECH_START, feed(d, SPEECH));
        assertTrue(d.speaking());
    }

    @Test
    void pausesShorterThanTheHangoverDoNotEndSpeech() {
        EnergyDetector d = new EnergyDetector(-40, 2, 5);
        List<String> events = run(d, "SS" + "____" + "SSS" + "____" + "S" + "_____" + "__");
        assertEquals(List.of("START@1", "END@18"), events);
        assertFalse(d.speaking());
    }

    @Test
    void quietLineNoiseIsNotSpeech() {
        EnergyDetector d = new EnergyDetector(-40, 1, 1);
        for (int i = 0; i < 100; i++) {
            assertEquals(EnergyDetector.Event.NONE, d.accept(HISS, 0, FRAME));
        }
        assertEquals(-63, d.lastDbfs(), 0.1);
        assertFalse(d.speaking());
    }

    @Test
    void toneThenSilenceGivesOneUtteranceWithTheHangoverDelay() {
        // One second of a 300 Hz tone, then one second of silence, as 20 ms frames.
        EnergyDetector d = new EnergyDetector(-35, 3, 25);
        Tone tone = new Tone(AudioFormat.SLIN_8K, 300, 0.2);
        byte[] frame = new byte[FRAME];
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            if (i < 50) {
                tone.fillFrame(frame, 0);
            } else {
                java.util.Arrays.fill(frame, (byte) 0);
            }
            EnergyDetector.Event e = d.accept(frame, 0, FRAME);
            if (e != EnergyDetector.Event.NONE) {
                events.add(e + "@" + i);
            }
        }
        assertEquals(List.of("SPEECH_START@2", "SPEECH_END@74"), events);
    }

    @Test
    void resetReturnsToSilence() {
        EnergyDetector d = new EnergyDetector(-40, 1, 3);
        feed(d, SPEECH);
        assertTrue(d.speaking());
        d.reset();
        assertFalse(d.speaking());
        assertEquals(Double.NEGATIVE_INFINITY, d.lastDbfs());
        assertEquals(EnergyDetector.Event.SPEECH_START, feed(d, SPEECH), "starts afresh");
    }

    @Test
    void badSettingsAndFramesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EnergyDetector(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new EnergyDetector(Double.NaN, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new EnergyDetector(-40, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EnergyDetector(-40, 1, 0));
        EnergyDetector d = new EnergyDetector(-40, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> d.accept(SPEECH, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> d.accept(SPEECH, 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> d.accept(SPEECH, 2, FRAME));
    }

    @Test
    void framesAllocateNothing() {
        EnergyDetector d = new EnergyDetector(-40, 2, 2);
        long allocated = Allocations.during(() -> {
            d.accept(SPEECH, 0, FRAME);
            d.accept(SILENCE, 0, FRAME);
        }, 2000);
        assertTrue(allocated < 2000, allocated + " bytes over 4000 frames");
    }

    /** Feeds 'S' for speech and '_' for silence; returns the events with their frame index. */
    private static List<String> run(EnergyDetector d, String script) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < script.length(); i++) {
            EnergyDetector.Event e = feed(d, script.charAt(i) == 'S' ? SPEECH : SILENCE);
            if (e != EnergyDetector.Event.NONE) {
                events.add(e.name().replace("SPEECH_", "") + "@" + i);
            }
        }
        return events;
    }

    private static EnergyDetector.Event feed(EnergyDetector d, byte[] frame) {
        return d.accept(frame, 0, frame.length);
    }

    private static byte[] frameOf(Tone t) {
        byte[] f = new byte[FRAME];
        t.fillFrame(f, 0);
        return f;
    }
}
