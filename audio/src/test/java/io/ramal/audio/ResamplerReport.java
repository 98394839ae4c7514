package io.ramal.audio;

import java.util.Locale;

/**
 * Prints the resampler's measured frequency response, image rejection and alias rejection as
 * Markdown tables for BENCHMARKS.md. Not a test; run it with:
 *
 * <pre>
 * mvn -q -B -o -pl audio test-compile
 * java -cp audio/target/classes:audio/target/test-classes io.ramal.audio.ResamplerReport
 * </pre>
 */
public final class ResamplerReport {

    private static final double AMP = 16384; // -6 dBFS: room for the filter's overshoot

    private ResamplerReport() {
    }

    public static void main(String[] args) {
        int[][] pairs = {{8000, 16000}, {8000, 24000}, {16000, 24000}, {16000, 8000}, {24000, 8000}, {24000, 16000}};
        System.out.println("Tone of -6 dBFS, 1 s, first 100 ms of output skipped; Hann-windowed projection.\n");
        System.out.println("| from -> to | taps/phase | delay ms |");
        System.out.println("|---|---|---|");
        for (int[] p : pairs) {
            Resampler r = new Resampler(p[0], p[1]);
            System.out.printf(Locale.ROOT, "| %d -> %d | %d | %.2f |%n", p[0], p[1], r.tapsPerPhase(), r.delayMillis());
        }
        System.out.println();
        System.out.println("Passband: gain (dB) at the tone's frequency");
        System.out.println();
        System.out.println("| Hz | 8k->16k | 8k->24k | 16k->8k | 24k->8k | 16k->24k | 24k->16k |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int hz : new int[] {50, 100, 300, 500, 1000, 2000, 3000, 3300, 3400, 3500, 3600, 3700, 3800, 3900}) {
            System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s |%n", hz,
                    g(8000, 16000, hz, hz), g(8000, 24000, hz, hz), g(16000, 8000, hz, hz),
                    g(24000, 8000, hz, hz), g(16000, 24000, hz, hz), g(24000, 16000, hz, hz));
        }
        for (int hz : new int[] {5000, 6000, 6800, 7000, 7500, 7900}) {
            System.out.printf(Locale.ROOT, "| %d | | | | | %s | %s |%n", hz, g(16000, 24000, hz, hz), g(24000, 16000, hz, hz));
        }
        System.out.println();
        System.out.println("Upsampling images: tone at f, gain (dB) at the image (rate_in - f)");
        System.out.println();
        System.out.println("| f Hz | 8k->16k image | 8k->24k image | 16k->24k image |");
        System.out.println("|---|---|---|---|");
        for (int hz : new int[] {310, 1010, 2030, 3010, 3410, 3910}) {
            System.out.printf(Locale.ROOT, "| %d | %s | %s | %s |%n", hz,
                    g(8000, 16000, hz, 8000 - hz), g(8000, 24000, hz, 8000 - hz), g(16000, 24000, hz * 2, 16000 - 2 * hz));
        }
        System.out.println();
        System.out.println("Downsampling aliases: tone at f above the output Nyquist, gain (dB) where it folds to");
        System.out.println();
        System.out.println("| f Hz | 16k->8k (alias Hz, dB) | 24k->8k (alias Hz, dB) | 24k->16k (alias Hz, dB) |");
        System.out.println("|---|---|---|---|");
        for (int hz : new int[] {4010, 4110, 4610, 5030, 6010, 7030, 7930, 8030, 9030, 11030, 11930}) {
            System.out.printf(Locale.ROOT, "| %d | %s | %s | %s |%n", hz,
                    hz < 8000 ? alias(16000, 8000, hz) : "", alias(24000, 8000, hz),
                    hz >= 8000 ? alias(24000, 16000, hz) : "");
        }
        System.out.println();
        System.out.println("Worst case over the whole stopband, tones every 50 Hz (+13 Hz off the grid)");
        System.out.println();
        System.out.println("| pair | worst alias or image, dB | at tone Hz |");
        System.out.println("|---|---|---|");
        for (int[] p : pairs) {
            double[] w = worst(p[0], p[1]);
            System.out.printf(Locale.ROOT, "| %d -> %d | %.1f | %.0f |%n", p[0], p[1], w[0], w[1]);
        }
    }

    /**
     * The highest gain of anything that should have been rejected: for downsampling, input tones
     * from the output's Nyquist frequency up to the input's, measured where they fold to; for
     * upsampling, the image of every input tone at (input rate - f).
     */
    static double[] worst(int from, int to) {
        double worst = Double.NEGATIVE_INFINITY;
        double at = 0;
        if (to < from) {
            for (double hz = to / 2.0 + 13; hz < from / 2.0; hz += 50) {
                double g = Signals.gainDb(from, to, hz, Signals.folded(hz, to), AMP);
                if (g > worst) {
                    worst = g;
                    at = hz;
                }
            }
        } else {
            for (double hz = 13; hz < from / 2.0; hz += 50) {
                double g = Signals.gainDb(from, to, hz, from - hz, AMP);
                if (g > worst) {
                    worst = g;
                    at = hz;
                }
            }
        }
        return new double[] {worst, at};
    }

    private static String g(int from, int to, double inHz, double outHz) {
        return String.format(Locale.ROOT, "%.3f", Signals.gainDb(from, to, inHz, outHz, AMP));
    }

    private static String alias(int from, int to, double hz) {
        double f = Signals.folded(hz, to);
        double g = Signals.gainDb(from, to, hz, f, AMP);
        return Double.isInfinite(g) ? String.format(Locale.ROOT, "%.0f, silent", f)
                : String.format(Locale.ROOT, "%.0f, %.1f", f, g);
    }
}
