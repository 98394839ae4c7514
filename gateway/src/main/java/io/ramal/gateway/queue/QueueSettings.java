package io.ramal.gateway.queue;

import io.ramal.extensions.CallFormat;
import io.ramal.extensions.ConfigSection;
import io.ramal.extensions.LogText;
import io.ramal.extensions.ModeSettings;
import io.ramal.extensions.ModeSettingsRegistry;
import io.ramal.gateway.queue.match.Overflow;
import io.ramal.gateway.queue.match.QueueRules;
import io.ramal.gateway.queue.match.Strategy;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A queue's settings, parsed from the {@code settings} of a {@code queue} extension row when it is
 * read (the queue mode's {@link io.ramal.extensions.ModeSettingsParser}). Every value is optional
 * except {@code queue}; {@code format} is the one every mode has:
 *
 * <table>
 * <caption>queue extension settings</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code queue}</td><td>(required)</td><td>the queue's name; several extensions may feed one queue</td></tr>
 * <tr><td>{@code priority}</td><td>0</td><td>0..100: callers of this extension wait ahead of lower ones in the same queue</td></tr>
 * <tr><td>{@code strategy}</td><td>longest-idle</td><td>longest-idle, round-robin, fewest-calls, random</td></tr>
 * <tr><td>{@code max-wait}</td><td>10m</td><td>then the overflow applies; 0 = wait for ever (restarts when an attendant hangs up on the caller)</td></tr>
 * <tr><td>{@code max-callers}</td><td>100</td><td>callers waiting at most; more overflow at once; 0 = no limit</td></tr>
 * <tr><td>{@code wrap-up}</td><td>5s</td><td>after a conversation, the attendant rests this long before the next caller</td></tr>
 * <tr><td>{@code announce-interval}</td><td>30s</td><td>position repeated this often (and whenever it changes); 0 = only on change</td></tr>
 * <tr><td>{@code service-level-seconds}</td><td>20</td><td>service level = callers answered within this many seconds</td></tr>
 * <tr><td>{@code overflow}</td><td>hangup</td><td>hangup, queue:&lt;name&gt; or ramal:&lt;ramal&gt;</td></tr>
 * <tr><td>{@code require-attendant}</td><td>false</td><td>true: a caller arriving when nobody is logged in overflows at once</td></tr>
 * </table>
 *
 * <p>Queue-wide values (strategy, max-callers, wrap-up, service level) follow the extension of
 * the latest caller (or {@link QueueModule#configure}); per-caller values (priority, max-wait,
 * announce-interval, overflow) follow the caller's own extension.
 */
public record QueueSettings(String queue, int priority, Strategy strategy, Duration maxWait, int maxCallers,
                            Duration wrapUp, Duration announceInterval, int serviceLevelSeconds,
                            Overflow overflow, boolean requireAttendant, CallFormat format)
        implements ModeSettings, QueueRules {

    public QueueSettings {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(wrapUp, "wrapUp");
        Objects.requireNonNull(announceInterval, "announceInterval");
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(format, "format");
        if (queue.isBlank()) {
            throw new IllegalArgumentException("queue name is blank");
        }
        if (overflow.kind() == Overflow.Kind.QUEUE && overflow.target().equals(queue)) {
            throw new IllegalArgumentException("settings.overflow=" + overflow + " of queue " + queue
                    + " names the queue itself, allowed: another queue, a ramal or hangup");
        }
    }

    /** The defaults, for a queue that only attendants or an AI transfer have named so far. */
    public static QueueSettings defaults(String queue) {
        return from("queue " + queue, Map.of("queue", queue));
    }

    /** Reads settings, {@code format} included; {@code where} names them in messages. */
    public static QueueSettings from(String where, Map<String, ?> values) {
        return ModeSettingsRegistry.read(where, QueueSettings::parse, values);
    }

    /**
     * A queue name is printed in many log lines: 1 to 64 characters, no control character or
     * double quote.
     *
     * @throws IllegalArgumentException naming the key and the value (escaped)
     */
    static void checkName(String key, String name) {
        if (name.isBlank() || name.length() > 64 || !LogText.isPlain(name)) {
            throw new IllegalArgumentException(key + "=" + LogText.escape(name, 64) + " is invalid, allowed: a queue"
                    + " name of 1 to 64 characters without control characters or double quotes");
        }
    }

    /**
     * The queue mode's parser: reads every key but {@code format} (read already) and refuses the rest.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static QueueSettings parse(ConfigSection s, CallFormat format) {
        Object q = s.raw("queue");
        if (q == null || q.toString().isBlank() || q instanceof Map || q instanceof java.util.List) {
            throw new IllegalArgumentException(s.key("queue") + "=" + q + " is invalid, allowed: the queue's name");
        }
        checkName(s.key("queue"), q.toString().trim());
        Object strategy = s.raw("strategy");
        Object overflow = s.raw("overflow");
        QueueSettings r = new QueueSettings(
                q.toString().trim(),
                s.integer("priority", 0, 0, 100),
                strategy == null ? Strategy.LONGEST_IDLE : Strategy.parse(s.key("strategy"), strategy),
                s.duration("max-wait", Duration.ofMinutes(10), Duration.ZERO, Duration.ofHours(24)),
                s.integer("max-callers", 100, 0, 100_000),
                s.duration("wrap-up", Duration.ofSeconds(5), Duration.ZERO, Duration.ofHours(1)),
                s.duration("announce-interval", Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1)),
                s.integer("service-level-seconds", 20, 1, 3600),
                overflow == null ? Overflow.HANGUP : Overflow.parse(s.key("overflow"), overflow),
                s.bool("require-attendant", false),
                format);
        s.finish();
        return r;
    }
}
