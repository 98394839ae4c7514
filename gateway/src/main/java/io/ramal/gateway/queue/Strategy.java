package io.ramal.gateway.queue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a queue picks among its free attendants when a caller is waiting. */
public enum Strategy {
    /** The attendant free for the longest time (the default): work spreads evenly over time. */
    LONGEST_IDLE,
    /** The next free attendant after the one picked last, in login order. */
    ROUND_ROBIN,
    /** The attendant who answered the fewest calls since logging in; ties go to the longest idle. */
    FEWEST_CALLS,
    /** Any free attendant, uniformly. */
    RANDOM;

    /** The name as written in settings: {@code longest-idle}, {@code round-robin}... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a wire name.
     *
     * @throws IllegalArgumentException naming {@code key}, the value and the names allowed
     */
    public static Strategy parse(String key, Object value) {
        String s = value == null ? "" : value.toString().trim().toLowerCase(Locale.ROOT);
        for (Strategy st : values()) {
            if (st.wireName().equals(s)) {
                return st;
            }
        }
        throw new IllegalArgumentException(key + "=" + value + " is invalid, allowed: "
                + Arrays.stream(values()).map(Strategy::wireName).collect(Collectors.joining(", ")));
    }
}
