package io.ramal.extensions;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which {@link ModeSettingsParser} reads the settings of each {@link Mode}. The gateway builds
 * one at start with a parser per mode it serves and hands it to the stores (an entry is parsed
 * when it is read) and to the admin CLI (an edit is checked the same way, without starting
 * anything). Immutable and thread-safe.
 */
public final class ModeSettingsRegistry {

    /** No parser at all: every mode's settings are refused. For a store that is only migrated, never read. */
    public static final ModeSettingsRegistry NONE = new ModeSettingsRegistry(Map.of());

    private final Map<Mode, ModeSettingsParser<?>> parsers;

    private ModeSettingsRegistry(Map<Mode, ModeSettingsParser<?>> parsers) {
        EnumMap<Mode, ModeSettingsParser<?>> m = new EnumMap<>(Mode.class);
        m.putAll(parsers);
        this.parsers = Collections.unmodifiableMap(m);
    }

    /** A registry of these parsers. */
    public static ModeSettingsRegistry of(Map<Mode, ModeSettingsParser<?>> parsers) {
        return new ModeSettingsRegistry(parsers);
    }

    /** This registry with {@code parser} for {@code mode} (replacing any). */
    public ModeSettingsRegistry with(Mode mode, ModeSettingsParser<?> parser) {
        Map<Mode, ModeSettingsParser<?>> m = new EnumMap<>(Mode.class);
        m.putAll(parsers);
        m.put(Objects.requireNonNull(mode, "mode"), Objects.requireNonNull(parser, "parser"));
        return new ModeSettingsRegistry(m);
    }

    /**
     * Parses the settings of an extension of {@code mode}.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed, or the
     *                                  mode when no parser is registered for it
     */
    public ModeSettings parse(Mode mode, Map<String, ?> settings) {
        ModeSettingsParser<?> p = parsers.get(mode);
        if (p == null) {
            throw new IllegalArgumentException("mode " + mode.wireName() + " has no settings parser here, allowed: "
                    + (parsers.isEmpty() ? "none" : parsers.keySet().stream().map(Mode::wireName)
                    .collect(Collectors.joining(", "))));
        }
        return read("settings", p, settings);
    }

    /**
     * Runs one parser over a settings map: the common {@code format} first, then the mode's keys.
     *
     * @param section the section's name in messages, usually {@code settings}
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static <T extends ModeSettings> T read(String section, ModeSettingsParser<T> parser,
                                                  Map<String, ?> settings) {
        ConfigSection s = new ConfigSection(section, settings);
        return parser.parse(s, CallFormat.read(s));
    }
}
