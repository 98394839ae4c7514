package io.ramal.extensions;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code extensions:} section of ramal.yaml: where extensions come from when there is no
 * database, and how the manager follows changes.
 *
 * @param file          the YAML file of extensions, the embedded default store
 * @param cacheFile     where the last set loaded from the database is kept, to serve from when
 *                      the database is down at start
 * @param sweepInterval full reconcile this often, even without a change notification
 * @param drainTimeout  how long calls of a disabled or removed extension may go on
 * @param retryMin      first retry of a listener that failed to bind
 * @param retryMax      longest wait between retries (the wait doubles up to it)
 * @param watchInterval how often the file store looks at its file
 */
public record ExtensionsConfig(String file, String cacheFile, Duration sweepInterval, Duration drainTimeout,
                               Duration retryMin, Duration retryMax, Duration watchInterval) {

    /** The documented defaults. */
    public static final ExtensionsConfig DEFAULTS = from(Map.of());

    public ExtensionsConfig {
        if (retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("extensions.retry-max=" + Units.format(retryMax)
                    + " is invalid, allowed: at least extensions.retry-min (" + Units.format(retryMin) + ")");
        }
    }

    /** Reads the section; missing keys take their defaults, unknown keys are refused. */
    public static ExtensionsConfig from(Map<String, ?> values) {
        ConfigSection s = new ConfigSection("extensions", values);
        Duration day = Duration.ofDays(1);
        ExtensionsConfig c = new ExtensionsConfig(
                s.string("file", "config/extensions.yaml"),
                s.string("cache-file", "var/extensions-cache.json"),
                s.duration("sweep-interval", Duration.ofSeconds(30), Duration.ofMillis(100), day),
                s.duration("drain-timeout", Duration.ofSeconds(60), Duration.ZERO, day),
                s.duration("retry-min", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofHours(1)),
                s.duration("retry-max", Duration.ofSeconds(60), Duration.ofMillis(10), day),
                s.duration("watch-interval", Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMinutes(10)));
        s.finish();
        return c;
    }
}
