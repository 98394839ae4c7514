package io.ramal.extensions.testing;

import io.ramal.extensions.FormatOnly;
import io.ramal.extensions.Mode;
import io.ramal.extensions.ModeSettingsRegistry;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link ModeSettingsRegistry} for this module's tests, which cannot use the gateway's parsers:
 * each mode reads only the key it cannot do without, in the words the gateway's parsers use
 * (key, value, what is allowed), and keeps the rest unread. A stand-in, as
 * {@link SocketListenerFactory} is for the listener port.
 */
public final class TestModes {

    /** Echo reads the format only; ai needs a ws URL, queue a name, agent one or more names. */
    public static final ModeSettingsRegistry REGISTRY = ModeSettingsRegistry.of(Map.of(
            Mode.ECHO, FormatOnly.PARSER,
            Mode.AI, (s, format) -> {
                Object url = s.raw("url");
                String u = url == null ? "" : url.toString().toLowerCase(Locale.ROOT);
                if (!u.startsWith("ws://") && !u.startsWith("wss://")) {
                    throw new IllegalArgumentException(s.key("url") + "=" + url
                            + " is invalid for mode ai, allowed: a ws:// or wss:// URL");
                }
                return new FormatOnly(format);
            },
            Mode.QUEUE, (s, format) -> {
                Object q = s.raw("queue");
                if (q == null || q.toString().isBlank() || q instanceof Map || q instanceof List) {
                    throw new IllegalArgumentException(s.key("queue") + "=" + q
                            + " is invalid for mode queue, allowed: the queue's name");
                }
                return new FormatOnly(format);
            },
            Mode.AGENT, (s, format) -> {
                Object q = s.raw("queues");
                boolean ok = q instanceof List<?> l ? !l.isEmpty() && l.stream().allMatch(x -> x instanceof String n
                        && !n.isBlank()) : q instanceof String n && !n.isBlank();
                if (!ok) {
                    throw new IllegalArgumentException(s.key("queues") + "=" + q
                            + " is invalid for mode agent, allowed: a queue name or a list of names");
                }
                return new FormatOnly(format);
            }));

    private TestModes() {
    }
}
