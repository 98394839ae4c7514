package io.ramal.extensions;

import java.util.Map;
import java.util.Objects;

/**
 * One configured extension (a <i>ramal</i>): the TCP address Asterisk dials, the mode that
 * answers its calls, the mode's settings (AI URL, queue name, prompts...) and any socket tuning
 * that differs from the defaults. Immutable and validated: an instance is always servable; a row
 * that cannot become one is a {@link RejectedExtension}.
 *
 * @param ramal       the extension's unique name, usually digits such as {@code 9000}
 * @param bind        the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port        the TCP port, 1..65535
 * @param mode        what answers the calls
 * @param settings    the mode's settings, JSON-like values (strings, numbers, booleans, lists,
 *                    maps); never null
 * @param tuning      socket options that replace the defaults; never null
 * @param enabled     whether the extension should be listening
 * @param description free text for people, never null
 */
public record Extension(String ramal, String bind, int port, Mode mode, Map<String, Object> settings,
                        TuningOverrides tuning, boolean enabled, String description) {

    public Extension {
        if (ramal == null || ramal.isBlank()) {
            throw new IllegalArgumentException("ramal is missing: every extension needs a name");
        }
        if (!ramal.matches("[A-Za-z0-9_.*#+-]{1,64}")) {
            throw new IllegalArgumentException("ramal '" + ramal
                    + "' is invalid, allowed: 1-64 of letters, digits and _ . * # + -");
        }
        if (bind == null || bind.isBlank()) {
            throw new IllegalArgumentException("bind address of ramal " + ramal + " is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port=" + port + " of ramal " + ramal
                    + " is invalid, allowed: 1..65535");
        }
        Objects.requireNonNull(mode, () -> "mode of ramal " + ramal + " is missing");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        tuning = tuning == null ? TuningOverrides.NONE : tuning;
        description = description == null ? "" : description;
    }

    /** A setting as a string, or {@code fallback} when absent. */
    public String setting(String key, String fallback) {
        Object v = settings.get(key);
        return v == null ? fallback : v.toString();
    }

    /** The address and port as {@code host:port}, for logs. */
    public String address() {
        return (bind.indexOf(':') >= 0 ? "[" + bind + "]" : bind) + ":" + port;
    }

    /** True when a listener for {@code other} must be re-bound rather than updated in place. */
    public boolean needsRebind(Extension other) {
        return !bind.equals(other.bind) || port != other.port || !tuning.equals(other.tuning);
    }
}
