package io.ramal.extensions;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the units people write in configuration: durations such as {@code 250ms}, {@code 5s},
 * {@code 30m}, {@code 1h}, {@code 2d}, and byte sizes such as {@code 65536}, {@code 64KiB},
 * {@code 1MiB}, {@code 1M}. One place for both, so that ramal.yaml, environment variables,
 * extension rows and command-line flags all read them the same way.
 */
public final class Units {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)");

    private Units() {
    }

    /**
     * A duration from {@code <digits><unit>} with unit ms, s, m, h or d; a bare {@code 0} is zero.
     *
     * @throws IllegalArgumentException naming the key, the value and the form allowed
     */
    public static Duration duration(String key, Object value) {
        String s = value == null ? "" : value.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(key + "=" + value
                    + " is not a duration, expected a number with a unit: 250ms, 5s, 30m, 1h, 2d");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + " is too large", e);
        }
        switch (m.group(2)) {
            case "ms": return Duration.ofMillis(n);
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            default: return Duration.ofDays(n);
        }
    }

    /**
     * A size in bytes from a number, optionally with a binary unit (K/KiB = 1024, M/MiB =
     * 1048576, G/GiB); at most {@link Integer#MAX_VALUE}.
     *
     * @throws IllegalArgumentException naming the key, the value and the form allowed
     */
    public static int bytes(String key, Object value) {
        if (value instanceof Number n && n.longValue() == n.doubleValue()) {
            return checkedInt(key, value, n.longValue());
        }
        String s = value == null ? "" : value.toString().trim().toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(key + "=" + value
                    + " is not a size, expected bytes with an optional unit: 65536, 64KiB, 1MiB");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + " is too large", e);
        }
        long mult = switch (m.group(2)) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            default -> 1L << 30;
        };
        return checkedInt(key, value, n > Long.MAX_VALUE / mult ? Long.MAX_VALUE : n * mult);
    }

    /** A duration written the way {@link #duration} reads it, for logs and generated files. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }

    private static int checkedInt(String key, Object value, long n) {
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + "=" + value + " is out of range, allowed: 0.."
                    + Integer.MAX_VALUE + " bytes");
        }
        return (int) n;
    }
}
