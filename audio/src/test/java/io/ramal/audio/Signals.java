package io.ramal.audio;

import java.util.Random;

/** Test signals and measurements on slin arrays. */
final class Signals {

    private Signals() {
    }

    /** A sine of {@code amplitude} (in 16-bit units) computed in double and rounded. */
    static byte[] sine(int rate, double hz, double amplitude, int samples) {
        byte[] b = new byte[samples * 2];
        for (int n = 0; n < samples; n++) {
            put(b, n, (int) Math.round(amplitude * Math.sin(2 * Math.PI * hz * n / rate)));
        }
        return b;
    }

    /** White noise of the given peak, from a fixed seed. */
    static byte[] noise(int samples, int peak, long seed) {
        Random r = new Random(seed);
        byte[] b = new byte[samples * 2];
        for (int n = 0; n < samples; n++) {
            put(b, n, r.nextInt(2 * peak + 1) - peak);
        }
        return b;
    }

    /** A linear sweep from {@code f0} to {@code f1} Hz. */
    static byte[] sweep(int rate, double f0, double f1, double amplitude, int samples) {
        byte[] b = new byte[samples * 2];
        double phase = 0;
        for (int n = 0; n < samples; n++) {
            double f = f0 + (f1 - f0) * n / samples;
            put(b, n, (int) Math.round(amplitude * Math.sin(phase)));
            phase += 2 * Math.PI * f / rate;
        }
        return b;
    }

    static short get(byte[] b, int n) {
        return (short) ((b[2 * n] & 0xFF) | (b[2 * n + 1] << 8));
    }

    static void put(byte[] b, int n, int v) {
        b[2 * n] = (byte) v;
        b[2 * n + 1] = (byte) (v >> 8);
    }

    /**
     * Amplitude of the component at {@code hz} in samples {@code from..to}: a Hann-windowed
     * projection, so neighbouring tones a few hundred hertz away leak in far below -100 dB.
     */
    static double amplitude(byte[] slin, int rate, double hz, int from, int to) {
        double re = 0;
        double im = 0;
        double wsum = 0;
        int n = to - from;
        for (int i = 0; i < n; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
            double x = get(slin, from + i) * w;
            double ph = 2 * Math.PI * hz * (from + i) / rate;
            re += x * Math.cos(ph);
            im += x * Math.sin(ph);
            wsum += w;
        }
        return 2 * Math.hypot(re, im) / wsum;
    }

    /** Root mean square of samples {@code from..to}. */
    static double rms(byte[] slin, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            double v = get(slin, i);
            s += v * v;
        }
        return Math.sqrt(s / (to - from));
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    /** Runs all of {@code in} through a new resampler in one call. */
    static byte[] resample(int from, int to, byte[] in) {
        Resampler r = new Resampler(from, to);
        byte[] out = new byte[r.maxOutputBytes(in.length)];
        int n = r.process(in, 0, in.length, out, 0);
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * Gain in dB at the output frequency {@code outHz} for a tone at {@code inHz} of amplitude
     * {@code amp} resampled from {@code from} to {@code to} Hz: the passband response when the two
     * frequencies are equal, the alias or image rejection otherwise. One second of tone, the
     * first 100 ms (the filter filling) left out of the measurement.
     */
    static double gainDb(int from, int to, double inHz, double outHz, double amp) {
        byte[] out = resample(from, to, sine(from, inHz, amp, from));
        return db(amplitude(out, to, outHz, to / 10, to) / amp);
    }

    /** Where a tone at {@code hz} lands after sampling at {@code rate}. */
    static double folded(double hz, int rate) {
        double f = hz % rate;
        return f > rate / 2.0 ? rate - f : f;
    }
}
