package io.ramal.audio;

import java.time.Duration;

/**
 * Sine tones as slin: whole buffers for test calls and prompts ({@link #sine}, and {@link #beep}
 * whose edges fade so that it does not click), and a phase-continuous generator that fills one
 * frame at a time without allocating, for test lines and the tones a handler plays live. The
 * generator keeps its phase between calls, so consecutive frames join without a step.
 *
 * <p>A generator is not thread-safe: confine it to the call's event loop.
 */
public final class Tone {

    /** Length of a beep's fade in and fade out. */
    static final Duration FADE = Duration.ofMillis(5);

    private static final double TWO_PI = 2 * Math.PI;

    private final int sampleRate;
    private final double step;
    private final double amplitude;
    private double phase;

    /**
     * A generator of a sine at {@code hz} for {@code sampleRate}, {@code level} of full scale.
     *
     * @throws IllegalArgumentException for a frequency at or above Nyquist or a level outside 0..1
     */
    public Tone(int sampleRate, double hz, double level) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate=" + sampleRate + ", expected > 0");
        }
        if (!(hz > 0 && hz < sampleRate / 2.0)) {
            throw new IllegalArgumentException("tone of " + hz + " Hz is invalid at " + sampleRate
                    + " Hz, allowed: above 0 and below " + sampleRate / 2 + " Hz");
        }
        if (!(level >= 0 && level <= 1)) {
            throw new IllegalArgumentException("level=" + level + " is invalid, allowed: 0..1");
        }
        this.sampleRate = sampleRate;
        this.step = TWO_PI * hz / sampleRate;
        this.amplitude = level * Short.MAX_VALUE;
    }

    /** A generator for {@code format}'s rate. */
    public Tone(AudioFormat format, double hz, double level) {
        this(format.sampleRate(), hz, level);
    }

    /** Samples per second this generator produces. */
    public int sampleRate() {
        return sampleRate;
    }

    /** Writes the next {@code samples} samples as slin little-endian into {@code dst} at {@code off}. */
    public void fill(byte[] dst, int off, int samples) {
        if (samples < 0 || off < 0 || samples * 2L > dst.length - off) {
            throw new IndexOutOfBoundsException("off=" + off + " samples=" + samples + " length=" + dst.length);
        }
        for (int i = 0; i < samples; i++) {
            int v = (int) Math.round(amplitude * Math.sin(phase));
            dst[off + 2 * i] = (byte) v;
            dst[off + 2 * i + 1] = (byte) (v >> 8);
            phase += step;
            if (phase >= TWO_PI) {
                phase -= TWO_PI; // keeps the argument small, where sin is exact enough
            }
        }
    }

    /**
     * Writes the next 20 ms ({@link AudioFormat#FRAME_MILLIS}) into {@code dst} at {@code off}.
     *
     * @return bytes written
     */
    public int fillFrame(byte[] dst, int off) {
        int samples = sampleRate * AudioFormat.FRAME_MILLIS / 1000;
        fill(dst, off, samples);
        return samples * 2;
    }

    /** A sine of {@code length} as slin little-endian. */
    public static byte[] sine(int sampleRate, double hz, double level, Duration length) {
        byte[] b = new byte[samples(sampleRate, length) * 2];
        new Tone(sampleRate, hz, level).fill(b, 0, b.length / 2);
        return b;
    }

    /** A sine of {@code length} at {@code format}'s rate. */
    public static byte[] sine(AudioFormat format, double hz, double level, Duration length) {
        return sine(format.sampleRate(), hz, level, length);
    }

    /**
     * A sine of {@code length} that fades in and out over {@link #FADE} (raised cosine): a hard
     * start or stop is heard as a click on both sides of the beep.
     */
    public static byte[] beep(AudioFormat format, double hz, double level, Duration length) {
        int rate = format.sampleRate();
        byte[] b = sine(rate, hz, level, length);
        int n = b.length / 2;
        int fade = Math.min(samples(rate, FADE), n / 2);
        for (int i = 0; i < fade; i++) {
            double g = 0.5 - 0.5 * Math.cos(Math.PI * i / fade);
            scale(b, i, g);
            scale(b, n - 1 - i, g);
        }
        return b;
    }

    private static void scale(byte[] b, int i, double g) {
        int v = (int) Math.round(((short) ((b[2 * i] & 0xFF) | (b[2 * i + 1] << 8))) * g);
        b[2 * i] = (byte) v;
        b[2 * i + 1] = (byte) (v >> 8);
    }

    private static int samples(int sampleRate, Duration length) {
        if (length.isNegative()) {
            throw new IllegalArgumentException("length=" + length + ", expected >= 0");
        }
        long samples = sampleRate * length.toNanos() / 1_000_000_000L;
        if (samples > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException(length + " at " + sampleRate + " Hz does not fit one array");
        }
        return (int) samples;
    }
}
