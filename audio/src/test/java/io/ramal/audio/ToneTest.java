package io.ramal.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ToneTest {

    @Test
    void sineHasTheRequestedLengthFrequencyAndLevel() {
        byte[] b = Tone.sine(AudioFormat.SLIN_16K, 1000, 0.5, Duration.ofMillis(250));
        assertEquals(16000 / 4 * 2, b.length);
        double expected = 0.5 * Short.MAX_VALUE;
        assertEquals(expected, Signals.amplitude(b, 16000, 1000, 0, b.length / 2), expected * 0.001);
        assertTrue(Signals.amplitude(b, 16000, 1500, 0, b.length / 2) < expected * 1e-4, "no energy elsewhere");
        assertEquals(expected / Math.sqrt(2), Signals.rms(b, 0, b.length / 2), expected * 0.001);
    }

    @Test
    void framesJoinIntoTheSameSignalAsOneLongFill() {
        Tone framed = new Tone(AudioFormat.SLIN_8K, 440, 0.8);
        byte[] frames = new byte[50 * 320];
        for (int off = 0; off < frames.length; off += 320) {
            assertEquals(320, framed.fillFrame(frames, off));
        }
        assertArrayEquals(Tone.sine(8000, 440, 0.8, Duration.ofSeconds(1)), frames);
    }

    @Test
    void phaseStaysContinuousOverMinutesOfFrames() {
        // After 10 minutes of frames the tone still lands where the exact formula puts it.
        Tone t = new Tone(8000, 1000, 0.5);
        byte[] frame = new byte[320];
        for (int i = 0; i < 30_000; i++) {
            t.fillFrame(frame, 0);
        }
        t.fillFrame(frame, 0);
        long n0 = 30_000L * 160;
        for (int i = 0; i < 160; i++) {
            double exact = 0.5 * Short.MAX_VALUE * Math.sin(2 * Math.PI * 1000 * ((n0 + i) % 8) / 8000);
            assertEquals(exact, Signals.get(frame, i), 1.0, "sample " + i);
        }
    }

    @Test
    void beepFadesInAndOutWithoutAStep() {
        byte[] b = Tone.beep(AudioFormat.SLIN_8K, 1000, 1.0, Duration.ofMillis(200));
        int n = b.length / 2;
        assertEquals(0, Signals.get(b, 0));
        assertTrue(Math.abs(Signals.get(b, n - 1)) < 200, "ends near zero: " + Signals.get(b, n - 1));
        int fade = 8000 * 5 / 1000;
        double peakEarly = 0;
        for (int i = 0; i < fade / 4; i++) {
            peakEarly = Math.max(peakEarly, Math.abs(Signals.get(b, i)));
        }
        assertTrue(peakEarly < 0.2 * Short.MAX_VALUE, "first quarter of the fade is quiet: " + peakEarly);
        assertEquals(Short.MAX_VALUE, Signals.amplitude(b, 8000, 1000, fade, n - fade), 100);
    }

    @Test
    void invalidTonesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Tone(8000, 4000, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Tone(8000, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Tone(8000, Double.NaN, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new Tone(8000, 1000, 1.01));
        assertThrows(IllegalArgumentException.class, () -> new Tone(8000, 1000, -0.1));
        assertThrows(IllegalArgumentException.class, () -> Tone.sine(8000, 1000, 0.5, Duration.ofMillis(-1)));
        assertThrows(IndexOutOfBoundsException.class, () -> new Tone(8000, 1000, 0.5).fillFrame(new byte[319], 0));
    }

    @Test
    void fillingFramesAllocatesNothing() {
        Tone t = new Tone(AudioFormat.SLIN_16K, 425, 0.3);
        byte[] frame = new byte[640];
        long allocated = Allocations.during(() -> t.fillFrame(frame, 0), 2000);
        assertTrue(allocated < 2000, allocated + " bytes over 2000 frames");
    }
}
