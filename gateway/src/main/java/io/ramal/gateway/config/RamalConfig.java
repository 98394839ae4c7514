package io.ramal.gateway.config;

import io.ramal.extensions.ConfigSection;
import io.ramal.extensions.SocketTuning;
import io.ramal.gateway.call.CallSettings;

import java.util.Map;
import java.util.Set;

/**
 * The whole configuration of a gateway process, immutable and validated: one record per
 * section of {@code config/ramal.yaml}, where every key is documented with its unit and default.
 *
 * @param gateway    event loops and transport
 * @param call       how calls are run
 * @param listener   socket tuning defaults of every listener (rows may override per extension)
 * @param extensions where extensions come from (raw section, read by the extensions module)
 * @param db         the PostgreSQL database (raw section, read by the extensions module)
 * @param status     the status log
 * @param http       the admin HTTP server
 */
public record RamalConfig(GatewaySettings gateway, CallSettings call, SocketTuning listener,
                          Map<String, Object> extensions, Map<String, Object> db, StatusSettings status,
                          HttpSettings http) {

    /** The sections a file, an environment variable or a flag may name. */
    public static final Set<String> SECTIONS = Set.of("gateway", "call", "listener", "extensions", "db",
            "status", "http");

    /** Every default. */
    public static final RamalConfig DEFAULTS = from(Map.of());

    /** Validates a tree of sections. */
    public static RamalConfig from(Map<String, ?> tree) {
        ConfigSection root = new ConfigSection("", tree);
        RamalConfig c = new RamalConfig(
                GatewaySettings.from(root.map("gateway")),
                CallSettings.from(root.map("call")),
                ListenerDefaults.from(root.map("listener")),
                root.map("extensions"),
                root.map("db"),
                StatusSettings.from(root.map("status")),
                HttpSettings.from(root.map("http")));
        root.finish();
        return c;
    }
}
