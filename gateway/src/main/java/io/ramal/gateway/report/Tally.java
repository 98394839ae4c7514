package io.ramal.gateway.report;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counts of one row of a report (one extension or queue, one day) as the aggregators add to
 * it, and the row they make: the same arithmetic for the calls and the queue report.
 *
 * <p>Averages are means rounded to the millisecond; the 90th percentile is the nearest rank (the
 * smallest value at least 90 % of the values do not exceed: of 2 waits, the larger), PostgreSQL's
 * {@code percentile_disc(0.9)}. The service level is {@code answeredWithin / ended}, null when
 * nothing ended.
 */
final class Tally {

    long offered;
    long answered;
    long abandoned;
    long overflowed;
    long failed;
    /** Answered within the service-level threshold in force when answered. */
    long answeredWithin;
    /** The service level's denominator: waits that ended (answered, abandoned, overflowed). */
    long ended;
    /** The last threshold seen, in seconds; -1 when none. */
    int thresholdSeconds = -1;
    final Samples waits = new Samples();
    final Samples talks = new Samples();

    /** The row's values, by column key; the first two columns are the caller's. */
    Map<String, Object> row(String keyColumn, String key, String day, boolean calls) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(keyColumn, key);
        m.put("day", day);
        m.put("offered", offered);
        m.put("answered", answered);
        m.put("abandoned", abandoned);
        m.put("overflowed", overflowed);
        if (calls) {
            m.put("failed", failed);
        }
        m.put("wait_avg_s", waits.averageMillis());
        m.put("wait_p90_s", waits.percentileMillis(90));
        m.put("talk_avg_s", talks.averageMillis());
        m.put("answered_within_threshold", answeredWithin);
        m.put("service_level", ended == 0 ? null : (double) answeredWithin / ended);
        if (!calls) {
            m.put("service_level_threshold_s", thresholdSeconds < 0 ? null : (long) thresholdSeconds);
        }
        return m;
    }

    /** Durations in milliseconds: their count, mean and nearest-rank percentiles. */
    static final class Samples {
        private long[] values = new long[16];
        private int n;
        private long sum;

        void add(long millis) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = millis;
            sum += millis;
        }

        int count() {
            return n;
        }

        /** The mean in whole milliseconds, null when empty. */
        Long averageMillis() {
            return n == 0 ? null : Math.round((double) sum / n);
        }

        /** The nearest-rank {@code p}th percentile, null when empty. */
        Long percentileMillis(int p) {
            if (n == 0) {
                return null;
            }
            long[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * n);
            return sorted[Math.max(0, rank - 1)];
        }
    }
}
