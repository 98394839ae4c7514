package io.ramal.extensions;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The audio a call starts in, before the caller's first frame says otherwise: the {@code format}
 * setting every mode shares. The wire names are Asterisk's ({@code slin}, {@code slin16}...); the
 * gateway maps the sample rate to its own audio format.
 */
public enum CallFormat {
    /** 8 kHz signed linear, the default. */
    SLIN(8000),
    /** 16 kHz signed linear. */
    SLIN16(16000),
    /** 24 kHz signed linear. */
    SLIN24(24000),
    /** 48 kHz signed linear. */
    SLIN48(48000);

    /** The key of the setting. */
    public static final String KEY = "format";

    private final int sampleRate;

    CallFormat(int sampleRate) {
        this.sampleRate = sampleRate;
    }

    /** Samples per second. */
    public int sampleRate() {
        return sampleRate;
    }

    /** The name as written in settings: {@code slin}, {@code slin16}... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the {@code format} key of a mode's settings; {@link #SLIN} when absent. The one place
     * that parses it, whatever the mode.
     *
     * @throws IllegalArgumentException naming the key, the value and the formats allowed
     */
    public static CallFormat read(ConfigSection settings) {
        Object v = settings.raw(KEY);
        if (v == null) {
            return SLIN;
        }
        for (CallFormat f : values()) {
            if (f.wireName().equals(v.toString())) {
                return f;
            }
        }
        throw new IllegalArgumentException(settings.key(KEY) + "=" + v + " is invalid, allowed: "
                + Arrays.stream(values()).map(CallFormat::wireName).collect(Collectors.joining(", ")));
    }
}
