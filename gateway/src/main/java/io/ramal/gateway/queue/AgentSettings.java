package io.ramal.gateway.queue;

import io.ramal.extensions.CallFormat;
import io.ramal.extensions.ConfigSection;
import io.ramal.extensions.ModeSettings;
import io.ramal.extensions.ModeSettingsRegistry;
import io.ramal.gateway.queue.line.AttendantRules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An attendant line's settings, parsed from the {@code settings} of an {@code agent} extension
 * when it is read (the agent mode's {@link io.ramal.extensions.ModeSettingsParser}); {@code format}
 * is the one every mode has:
 *
 * <table>
 * <caption>agent extension settings</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code queues}</td><td>(required)</td><td>a queue name or a list of them</td></tr>
 * <tr><td>{@code pause-digit}</td><td>*</td><td>DTMF that pauses: no new callers (the current conversation goes on)</td></tr>
 * <tr><td>{@code resume-digit}</td><td>#</td><td>DTMF that ends the pause</td></tr>
 * <tr><td>{@code end-digit}</td><td>0</td><td>DTMF that ends the current conversation (the caller is hung up), staying logged in</td></tr>
 * <tr><td>{@code beep-interval}</td><td>0</td><td>while waiting for callers, a beep this often; 0 = silence</td></tr>
 * </table>
 */
public record AgentSettings(List<String> queues, char pauseDigit, char resumeDigit, char endDigit,
                            Duration beepInterval, CallFormat format) implements ModeSettings, AttendantRules {

    private static final String DIGITS = "0123456789*#ABCD";

    public AgentSettings {
        queues = List.copyOf(queues);
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("an attendant needs at least one queue");
        }
        if (pauseDigit == resumeDigit || pauseDigit == endDigit || resumeDigit == endDigit) {
            throw new IllegalArgumentException("pause-digit=" + pauseDigit + ", resume-digit=" + resumeDigit
                    + " and end-digit=" + endDigit + " must differ");
        }
    }

    /** Reads settings, {@code format} included; {@code where} names them in messages. */
    public static AgentSettings from(String where, Map<String, ?> values) {
        return ModeSettingsRegistry.read(where, AgentSettings::parse, values);
    }

    /**
     * The agent mode's parser: reads every key but {@code format} (read already) and refuses the rest.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static AgentSettings parse(ConfigSection s, CallFormat format) {
        Object q = s.raw("queues");
        Set<String> names = new LinkedHashSet<>();
        if (q instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof String n) || n.isBlank()) {
                    names.clear();
                    break;
                }
                names.add(n.trim());
            }
        } else if (q instanceof String n && !n.isBlank()) {
            names.add(n.trim());
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(s.key("queues") + "=" + q
                    + " is invalid, allowed: a queue name or a list of names");
        }
        names.forEach(n -> QueueSettings.checkName(s.key("queues"), n));
        AgentSettings a = new AgentSettings(new ArrayList<>(names),
                digit(s, "pause-digit", '*'), digit(s, "resume-digit", '#'), digit(s, "end-digit", '0'),
                s.duration("beep-interval", Duration.ZERO, Duration.ZERO, Duration.ofHours(1)), format);
        s.finish();
        return a;
    }

    private static char digit(ConfigSection s, String key, char fallback) {
        Object v = s.raw(key);
        if (v == null) {
            return fallback;
        }
        String d = v.toString().trim().toUpperCase(java.util.Locale.ROOT);
        if (d.length() != 1 || DIGITS.indexOf(d.charAt(0)) < 0) {
            throw new IllegalArgumentException(s.key(key) + "=" + v + " is invalid, allowed: one of 0-9 * # A-D");
        }
        return d.charAt(0);
    }
}
