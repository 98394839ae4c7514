package io.ramal.bench;

import org.HdrHistogram.Histogram;

/**
 * A distribution summarised in milliseconds.
 *
 * @param count samples
 * @param p1    1st percentile
 * @param p50   median
 * @param p99   99th percentile
 * @param max   largest sample
 */
public record Dist(long count, double p1, double p50, double p99, double max) {

    /** No samples. */
    public static final Dist EMPTY = new Dist(0, 0, 0, 0, 0);

    /** Summarises a histogram recorded in microseconds. */
    public static Dist ofMicros(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Dist(h.getTotalCount(), ms(h.getValueAtPercentile(1)), ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()));
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
