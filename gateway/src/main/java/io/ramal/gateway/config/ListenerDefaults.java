package io.ramal.gateway.config;

import io.ramal.extensions.ExtensionParser;
import io.ramal.extensions.SocketTuning;

import java.util.Map;

/**
 * Reads the {@code listener:} section, the socket tuning every extension gets unless its entry
 * overrides a key, into a {@link SocketTuning}. The keys and their parsing are those of an
 * extension's {@code tuning} object: one parser for both.
 */
public final class ListenerDefaults {

    private ListenerDefaults() {
    }

    public static SocketTuning from(Map<String, ?> values) {
        return SocketTuning.DEFAULTS.with(ExtensionParser.parseTuning("listener", values));
    }
}
