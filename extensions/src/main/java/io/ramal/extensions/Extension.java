package io.ramal.extensions;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One configured extension (a <i>ramal</i>): the TCP address Asterisk dials, the mode that
 * answers its calls, the mode's settings (AI URL, queue name, prompts...) as stored and as its
 * mode parsed them, and any socket tuning that differs from the defaults. Immutable and
 * validated: an instance is always servable; a row that cannot become one is a
 * {@link RejectedExtension}. Equality covers every component; the typed settings are values
 * derived from {@code mode} and {@code settings}, so an unchanged row compares equal.
 *
 * <p>In a cluster every node serves every extension unless {@code nodes} names the ones that do
 * ({@link #servesNode}); a node may replace every bind address with its own ({@link #withBind}).
 *
 * @param ramal       the extension's unique name, usually digits such as {@code 9000}
 * @param bind        the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}, kept in its
 *                    {@linkplain BindAddress canonical form}
 * @param port        the TCP port, 1..65535
 * @param mode        what answers the calls
 * @param settings    the mode's settings as stored, JSON-like values (strings, numbers, booleans,
 *                    lists, maps); never null
 * @param tuning      socket options that replace the defaults; never null
 * @param enabled     whether the extension should be listening
 * @param description free text for people, never null
 * @param modeSettings the settings as the mode's {@link ModeSettingsParser} read them: what the
 *                    gateway serves from; never null
 * @param allow       the sources it accepts connections from, or null for the gateway's {@code gateway.allow}
 * @param maxCalls    the most calls it serves at once (from their id frame), 0 for no limit of its own
 * @param nodes       the names of the gateway nodes that serve it, empty for every node; never null,
 *                    each a {@linkplain NodeNames valid node name}, duplicates removed, order kept
 */
public record Extension(String ramal, String bind, int port, Mode mode, Map<String, Object> settings,
                        TuningOverrides tuning, boolean enabled, String description, ModeSettings modeSettings,
                        SourceAllowlist allow, int maxCalls, List<String> nodes) {

    /** The largest {@code max-calls}. */
    public static final int MAX_CALLS_LIMIT = 1_000_000;

    /** An extension served by every node. */
    public Extension(String ramal, String bind, int port, Mode mode, Map<String, Object> settings,
                     TuningOverrides tuning, boolean enabled, String description, ModeSettings modeSettings,
                     SourceAllowlist allow, int maxCalls) {
        this(ramal, bind, port, mode, settings, tuning, enabled, description, modeSettings, allow, maxCalls,
                List.of());
    }

    /** An extension with the gateway's allowlist and no call limit of its own, served by every node. */
    public Extension(String ramal, String bind, int port, Mode mode, Map<String, Object> settings,
                     TuningOverrides tuning, boolean enabled, String description, ModeSettings modeSettings) {
        this(ramal, bind, port, mode, settings, tuning, enabled, description, modeSettings, null, 0);
    }

    /**
     * An extension built in code rather than read through a {@link ModeSettingsRegistry}: its
     * typed settings are only the call's format ({@link FormatOnly}), enough for the echo line.
     *
     * @throws IllegalArgumentException as the canonical constructor, or for an invalid format
     */
    public Extension(String ramal, String bind, int port, Mode mode, Map<String, Object> settings,
                     TuningOverrides tuning, boolean enabled, String description) {
        this(ramal, bind, port, mode, settings, tuning, enabled, description,
                ModeSettingsRegistry.read("settings", FormatOnly.PARSER, settings));
    }

    public Extension {
        if (ramal == null || ramal.isBlank()) {
            throw new IllegalArgumentException("ramal is missing: every extension needs a name");
        }
        if (!ramal.matches("[A-Za-z0-9_.*#+-]{1,64}")) {
            throw new IllegalArgumentException("ramal '" + LogText.escape(ramal, 64)
                    + "' is invalid, allowed: 1-64 of letters, digits and _ . * # + -");
        }
        if (bind == null || bind.isBlank()) {
            throw new IllegalArgumentException("bind address of ramal " + ramal + " is missing");
        }
        bind = BindAddress.canonical(bind);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port=" + port + " of ramal " + ramal
                    + " is invalid, allowed: 1..65535");
        }
        Objects.requireNonNull(mode, () -> "mode of ramal " + ramal + " is missing");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        tuning = tuning == null ? TuningOverrides.NONE : tuning;
        description = description == null ? "" : description;
        Objects.requireNonNull(modeSettings, () -> "settings of ramal " + ramal + " were not parsed");
        if (maxCalls < 0 || maxCalls > MAX_CALLS_LIMIT) {
            throw new IllegalArgumentException("max-calls=" + maxCalls + " of ramal " + ramal
                    + " is invalid, allowed: 0 (no limit).." + MAX_CALLS_LIMIT);
        }
        nodes = NodeNames.copyOf("nodes", " of ramal " + ramal, nodes);
    }

    /**
     * The typed settings as the type its mode's parser makes.
     *
     * @throws IllegalArgumentException when they are another type: the extension was built
     *                                  without its mode's parser
     */
    public <T extends ModeSettings> T modeSettings(Class<T> type) {
        if (!type.isInstance(modeSettings)) {
            throw new IllegalArgumentException("ramal " + ramal + ": settings of mode " + mode.wireName()
                    + " were not parsed by its parser (found " + modeSettings.getClass().getSimpleName() + ")");
        }
        return type.cast(modeSettings);
    }

    /** This extension with other typed settings: what its mode's parser made of {@link #settings}. */
    public Extension withModeSettings(ModeSettings typed) {
        return new Extension(ramal, bind, port, mode, settings, tuning, enabled, description, typed, allow, maxCalls,
                nodes);
    }

    /** This extension enabled or disabled. */
    public Extension withEnabled(boolean on) {
        return new Extension(ramal, bind, port, mode, settings, tuning, on, description, modeSettings, allow, maxCalls,
                nodes);
    }

    /** This extension with its own allowlist (null: the gateway's) and call limit (0: none). */
    public Extension withAdmission(SourceAllowlist sources, int limit) {
        return new Extension(ramal, bind, port, mode, settings, tuning, enabled, description, modeSettings, sources,
                limit, nodes);
    }

    /**
     * This extension on another address, the same port: what a node with {@code node.bind}
     * serves, so several nodes can run on one host on different loopback addresses.
     *
     * @throws IllegalArgumentException when {@code address} is not a valid bind address
     */
    public Extension withBind(String address) {
        return new Extension(ramal, address, port, mode, settings, tuning, enabled, description, modeSettings, allow,
                maxCalls, nodes);
    }

    /**
     * This extension served by the nodes named (empty or null: every node).
     *
     * @throws IllegalArgumentException naming the first invalid name
     */
    public Extension withNodes(List<String> names) {
        return new Extension(ramal, bind, port, mode, settings, tuning, enabled, description, modeSettings, allow,
                maxCalls, names);
    }

    /** True when the node named {@code node} serves this extension: {@link #nodes} is empty or names it. */
    public boolean servesNode(String node) {
        return nodes.isEmpty() || nodes.contains(node);
    }

    /** The address and port as {@code host:port}, for logs. */
    public String address() {
        return (bind.indexOf(':') >= 0 ? "[" + bind + "]" : bind) + ":" + port;
    }

    /**
     * True when a listener for {@code other} must be re-bound rather than updated in place: a new
     * address, port or socket tuning. Anything else, {@code nodes} included, is an update in place.
     */
    public boolean needsRebind(Extension other) {
        return !bind.equals(other.bind) || port != other.port || !tuning.equals(other.tuning);
    }
}
