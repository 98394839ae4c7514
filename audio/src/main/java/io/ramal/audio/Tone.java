package io.ramal.audio;

import java.time.Duration;

/**
 * Sine tones as slin: whole buffers for test calls and prompts, and a phase-continuous
 * generator that fills one frame at a time without allocating, for beeps played by a handler.
 */
public final class Tone {

    private final double step;
    private final short amplitude;
    private double phase;

    /**
     * A generator of a sine at {@code hz} for {@code sampleRate}, {@code level} of full scale.
     *
     * @throws IllegalArgumentException for a frequency at or above Nyquist or a level outside 0..1
     */
    public Tone(int sampleRate, double hz, double level) {
        if (hz <= 0 || hz >= sampleRate / 2.0) {
            throw new IllegalArgumentException("tone of " + hz + " Hz is invalid at " + sampleRate
                    + " Hz, allowed: above 0 and below " + sampleRate / 2 + " Hz");
        }
        if (level < 0 || level > 1) {
            throw new IllegalArgumentException("level=" + level + " is invalid, allowed: 0..1");
        }
        this.step = 2 * Math.PI * hz / sampleRate;
        this.amplitude = (short) Math.round(level * Short.MAX_VALUE);
    }

    /** Writes the next {@code samples} samples as slin little-endian into {@code dst} at {@code off}. */
    public void fill(byte[] dst, int off, int samples) {
        for (int i = 0; i < samples; i++) {
            short v = (short) Math.round(amplitude * Math.sin(phase));
            dst[off + 2 * i] = (byte) v;
            dst[off + 2 * i + 1] = (byte) (v >> 8);
            phase += step;
            if (phase > 2 * Math.PI) {
                phase -= 2 * Math.PI;
            }
        }
    }

    /** A sine of {@code length} as slin little-endian. */
    public static byte[] sine(int sampleRate, double hz, double level, Duration length) {
        int samples = (int) (sampleRate * length.toNanos() / 1_000_000_000L);
        byte[] b = new byte[samples * 2];
        new Tone(sampleRate, hz, level).fill(b, 0, samples);
        return b;
    }
}
