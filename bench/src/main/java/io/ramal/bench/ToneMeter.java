package io.ramal.bench;

/**
 * Tells which of a few known tones a stretch of slin carries: the amplitude at each candidate
 * frequency by a Hann-windowed projection (the method of the audio module's tests,
 * {@code Signals.amplitude}, which tells tones a few hundred hertz apart by far more than
 * 40 dB), with the window and the sines computed once, so that a frame costs a few thousand
 * multiplications and no allocation.
 *
 * <p>Immutable after construction: shareable across legs on one loop.
 */
final class ToneMeter {

    private final double[] hz;
    private final int samples;
    private final double[][] cos;
    private final double[][] sin;

    /**
     * @param rate    sample rate
     * @param hz      the candidate frequencies
     * @param samples samples each measurement reads
     */
    ToneMeter(int rate, double[] hz, int samples) {
        if (samples < 16 || hz.length == 0) {
            throw new IllegalArgumentException("samples=" + samples + " candidates=" + hz.length
                    + ", expected at least 16 samples and one candidate");
        }
        this.hz = hz.clone();
        this.samples = samples;
        cos = new double[hz.length][samples];
        sin = new double[hz.length][samples];
        for (int f = 0; f < hz.length; f++) {
            for (int i = 0; i < samples; i++) {
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (samples - 1));
                double ph = 2 * Math.PI * hz[f] * i / rate;
                cos[f][i] = w * Math.cos(ph);
                sin[f][i] = w * Math.sin(ph);
            }
        }
    }

    /** Samples each measurement reads. */
    int samples() {
        return samples;
    }

    /** The candidate frequency of index {@code f}. */
    double frequency(int f) {
        return hz[f];
    }

    /**
     * The candidate with the most energy in the {@link #samples()} samples of slin at byte
     * {@code off} of {@code slin}, or -1 for digital silence.
     */
    int strongest(byte[] slin, int off) {
        if (off < 0 || off + 2 * samples > slin.length) {
            throw new IndexOutOfBoundsException("off=" + off + " samples=" + samples + " length=" + slin.length);
        }
        int best = -1;
        double bestPower = 0;
        for (int f = 0; f < hz.length; f++) {
            double re = 0;
            double im = 0;
            double[] c = cos[f];
            double[] s = sin[f];
            for (int i = 0, b = off; i < samples; i++, b += 2) {
                int x = (short) ((slin[b] & 0xFF) | (slin[b + 1] << 8));
                re += x * c[i];
                im += x * s[i];
            }
            double p = re * re + im * im;
            if (p > bestPower) {
                bestPower = p;
                best = f;
            }
        }
        return best;
    }
}
