package io.ramal.extensions;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What answers the calls of an extension; the lower-case name is what rows and files hold. */
public enum Mode {
    /** Returns what it hears, paced: test lines and latency checks. */
    ECHO,
    /** Streams the call to an AI voice agent over WebSocket. */
    AI,
    /** Puts the caller in a named queue to wait for an attendant. */
    QUEUE,
    /** Logs the caller in as an attendant of one or more queues. */
    AGENT;

    /** The name as written in configuration and in the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a mode name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the value and the modes allowed
     */
    public static Mode parse(String value) {
        if (value != null) {
            for (Mode m : values()) {
                if (m.wireName().equalsIgnoreCase(value.trim())) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("unknown mode '" + value + "', expected one of " + allowed());
    }

    /** The modes as written, for messages: {@code echo, ai, queue, agent}. */
    public static String allowed() {
        return Arrays.stream(values()).map(Mode::wireName).collect(Collectors.joining(", "));
    }
}
