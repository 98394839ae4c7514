package io.ramal.gateway.config;

import io.ramal.extensions.ConfigSection;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code status:} section.
 *
 * @param interval how often the status log reports every listener (1 h by default, down to 1 s)
 */
public record StatusSettings(Duration interval) {

    public static StatusSettings from(Map<String, ?> values) {
        ConfigSection s = new ConfigSection("status", values);
        StatusSettings st = new StatusSettings(
                s.duration("interval", Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(7)));
        s.finish();
        return st;
    }
}
