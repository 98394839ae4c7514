package io.ramal.audio;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Converts slin (16-bit little-endian mono) from one sample rate to another with a polyphase
 * windowed-sinc FIR: the rate ratio is reduced to {@code up/down}, one Kaiser-windowed low-pass is
 * designed at {@code up} times the input rate and split into {@code up} phases, and each output
 * sample is one phase's dot product with the latest input. The low-pass passes everything up to
 * 85% of the lower rate's Nyquist frequency (3.4 kHz between 8 and 16 kHz) and is designed for
 * 70 dB of rejection from that Nyquist frequency on, so downsampling does not fold speech energy
 * back into the band and upsampling leaves no images. Any two rates with a rational ratio work;
 * the filters of each rate pair are designed once and shared by every instance.
 *
 * <p>Each instance carries the input history of one stream, so feeding a signal in 20 ms frames
 * gives exactly the output of feeding it whole: no clicks at frame edges. A whole 20 ms frame of
 * an {@link AudioFormat} rate in gives exactly 20 ms out. The output lags the input by
 * {@link #delayMillis()} (about 3.6 ms between 8 and 16 kHz); nothing is buffered beyond that, so
 * there is no flush. {@link #process} allocates nothing.
 *
 * <p>Not thread-safe: one instance per stream, confined to the call's event loop.
 */
public final class Resampler {

    /** Stopband attenuation the filter is designed for, in dB. */
    static final double STOPBAND_DB = 70;
    /** Passband edge as a fraction of the lower rate's Nyquist frequency; the stopband starts at 1. */
    static final double PASSBAND_EDGE = 0.85;
    /** Input samples converted per inner pass: bounds the working buffer whatever the caller sends. */
    private static final int BLOCK = 512;

    private static final Map<Long, float[]> FILTERS = new ConcurrentHashMap<>();

    private final int fromRate;
    private final int toRate;
    private final int up;
    private final int down;
    private final int taps;          // per phase
    private final float[] filter;    // phase-major, each phase reversed so the dot product runs forward
    private final float[] buf;       // taps-1 samples of history, then up to BLOCK new ones
    private int t;                   // next output's position, in up-sampled units from buf[taps-1]

    /**
     * A resampler from {@code fromRate} to {@code toRate} Hz.
     *
     * @throws IllegalArgumentException naming the rates when one is not positive
     */
    public Resampler(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("cannot resample " + fromRate + " Hz to " + toRate
                    + " Hz: both rates must be > 0");
        }
        int g = gcd(fromRate, toRate);
        this.fromRate = fromRate;
        this.toRate = toRate;
        this.up = toRate / g;
        this.down = fromRate / g;
        this.filter = FILTERS.computeIfAbsent(((long) fromRate << 32) | toRate,
                k -> design(fromRate, up, Math.min(fromRate, toRate)));
        this.taps = filter.length / up;
        this.buf = new float[taps - 1 + BLOCK];
    }

    /** A resampler between two AudioSocket formats. */
    public static Resampler of(AudioFormat from, AudioFormat to) {
        return new Resampler(from.sampleRate(), to.sampleRate());
    }

    /** Input rate in Hz. */
    public int fromRate() {
        return fromRate;
    }

    /** Output rate in Hz. */
    public int toRate() {
        return toRate;
    }

    /** Filter taps applied per output sample. */
    public int tapsPerPhase() {
        return taps;
    }

    /** How far the output lags the input, in milliseconds (half the filter's length). */
    public double delayMillis() {
        return (taps * up - 1) / 2.0 / ((double) fromRate * up) * 1000.0;
    }

    /**
     * The most bytes {@link #process} writes for {@code inputBytes} bytes in, whatever the state:
     * size output arrays with this. A whole number of 20 ms frames yields exactly that much audio
     * at the output rate.
     */
    public int maxOutputBytes(int inputBytes) {
        long samples = inputBytes / 2;
        return (int) ((samples * up + down - 1) / down) * 2;
    }

    /** Exactly the bytes the next {@link #process} call writes for {@code inputBytes} bytes in. */
    public int outputBytes(int inputBytes) {
        long span = (long) (inputBytes / 2) * up - t;
        return span <= 0 ? 0 : (int) ((span + down - 1) / down) * 2;
    }

    /**
     * Resamples {@code srcBytes} bytes of slin from {@code src} at {@code srcOff} into {@code dst}
     * at {@code dstOff}.
     *
     * @return bytes written, {@link #outputBytes(int)} of the input
     * @throws IllegalArgumentException when {@code srcBytes} is odd (half a sample)
     * @throws IndexOutOfBoundsException when the input range or the output does not fit; nothing
     *         is consumed then
     */
    public int process(byte[] src, int srcOff, int srcBytes, byte[] dst, int dstOff) {
        if ((srcBytes & 1) != 0) {
            throw new IllegalArgumentException("srcBytes=" + srcBytes + ", slin needs an even count");
        }
        if (srcBytes < 0 || srcOff < 0 || srcBytes > src.length - srcOff) {
            throw new IndexOutOfBoundsException("src off=" + srcOff + " len=" + srcBytes + " length=" + src.length);
        }
        int outBytes = outputBytes(srcBytes);
        if (dstOff < 0 || outBytes > dst.length - dstOff) {
            throw new IndexOutOfBoundsException("dst off=" + dstOff + " needs " + outBytes
                    + " bytes, length=" + dst.length);
        }
        int history = taps - 1;
        int in = srcOff;
        int out = dstOff;
        int remaining = srcBytes / 2;
        while (remaining > 0) {
            int n = Math.min(remaining, BLOCK);
            for (int i = 0; i < n; i++, in += 2) {
                buf[history + i] = (short) ((src[in] & 0xFF) | (src[in + 1] << 8));
            }
            int end = n * up;
            while (t < end) {
                int q = t / up;
                int base = (t - q * up) * taps;
                float acc = 0;
                for (int i = 0; i < taps; i++) {
                    acc += filter[base + i] * buf[q + i];
                }
                int v = Math.round(acc);
                // The sinc overshoots on full-scale edges (Gibbs): clamp rather than wrap around.
                if (v > Short.MAX_VALUE) {
                    v = Short.MAX_VALUE;
                } else if (v < Short.MIN_VALUE) {
                    v = Short.MIN_VALUE;
                }
                dst[out++] = (byte) v;
                dst[out++] = (byte) (v >> 8);
                t += down;
            }
            t -= end;
            System.arraycopy(buf, n, buf, 0, history);
            remaining -= n;
        }
        return out - dstOff;
    }

    /** Forgets the stream's history, as if newly created: for a new utterance or a new call. */
    public void reset() {
        Arrays.fill(buf, 0f);
        t = 0;
    }

    /**
     * Designs the prototype low-pass at {@code up * fromRate} and lays it out as {@code up}
     * phases of equal length, each reversed and scaled to a DC gain of exactly 1.
     */
    static float[] design(int fromRate, int up, int lowerRate) {
        if (up == 1 && lowerRate == fromRate) {
            // Same rate: the identity, bit-exact.
            return new float[] {1f};
        }
        double protoRate = (double) fromRate * up;
        double nyquist = lowerRate / 2.0;
        double pass = PASSBAND_EDGE * nyquist;
        double cutoff = (pass + nyquist) / 2 / protoRate; // cycles per prototype sample
        double transition = 2 * Math.PI * (nyquist - pass) / protoRate;
        // Kaiser's formulas for the window's beta and the length reaching STOPBAND_DB.
        double beta = 0.1102 * (STOPBAND_DB - 8.7);
        int length = (int) Math.ceil((STOPBAND_DB - 8) / (2.285 * transition)) + 1;
        int taps = (length + up - 1) / up;
        length = taps * up;
        double center = (length - 1) / 2.0;
        double i0Beta = besselI0(beta);
        double[] h = new double[length];
        for (int n = 0; n < length; n++) {
            double x = n - center;
            double r = x / (center + 0.5);
            double window = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
            h[n] = 2 * cutoff * sinc(2 * cutoff * x) * window;
        }
        float[] phases = new float[length];
        for (int p = 0; p < up; p++) {
            double sum = 0;
            for (int j = 0; j < taps; j++) {
                sum += h[p + j * up];
            }
            for (int j = 0; j < taps; j++) {
                // Normalising each phase makes every output phase pass DC at unity: no ripple at
                // the output's frame rate from phases that sum slightly differently.
                phases[p * taps + (taps - 1 - j)] = (float) (h[p + j * up] / sum);
            }
        }
        return phases;
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 200 && term > 1e-12 * sum; k++) {
            term *= (half / k) * (half / k);
            sum += term;
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int r = a % b;
            a = b;
            b = r;
        }
        return a;
    }
}
