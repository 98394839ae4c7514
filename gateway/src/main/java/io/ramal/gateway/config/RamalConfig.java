package io.ramal.gateway.config;

import io.ramal.extensions.ConfigSection;
import io.ramal.extensions.DbConfig;
import io.ramal.extensions.ExtensionsConfig;
import io.ramal.extensions.SocketTuning;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.cluster.NodeSettings;
import io.ramal.gateway.records.RecordsSettings;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The whole configuration of a gateway process, immutable and validated: one record per
 * section of {@code config/ramal.yaml}, where every key is documented with its unit and default.
 *
 * @param gateway    event loops and transport
 * @param call       how calls are run
 * @param listener   socket tuning defaults of every listener (rows may override per extension)
 * @param extensions where extensions come from and how changes are followed
 * @param db         the PostgreSQL database, if any
 * @param status     the status log
 * @param http       the admin HTTP server
 * @param records    how call records and queue events are written
 * @param node       this gateway as a node of a cluster on one PostgreSQL ({@code node.secret} empty: alone)
 * @param home       where relative paths are resolved: {@code RAMAL_HOME}, else the working directory
 */
public record RamalConfig(GatewaySettings gateway, CallSettings call, SocketTuning listener,
                          ExtensionsConfig extensions, DbConfig db, StatusSettings status,
                          HttpSettings http, RecordsSettings records, NodeSettings node, Path home) {

    public RamalConfig {
        if (node.clustered() && !db.enabled()) {
            throw new IllegalArgumentException("node.secret is set but db.url is empty: a cluster's nodes share"
                    + " their PostgreSQL; set db.url, or leave node.secret empty for a single gateway");
        }
    }

    /** The sections a file, an environment variable or a flag may name. */
    public static final Set<String> SECTIONS = Set.of("gateway", "call", "listener", "extensions", "db",
            "status", "http", "records", "node");

    /** Every default. */
    public static final RamalConfig DEFAULTS = from(Map.of());

    /** Validates a tree of sections. */
    public static RamalConfig from(Map<String, ?> tree) {
        ConfigSection root = new ConfigSection("", tree);
        RamalConfig c = new RamalConfig(
                GatewaySettings.from(root.map("gateway")),
                CallSettings.from(root.map("call")),
                ListenerDefaults.from(root.map("listener")),
                ExtensionsConfig.from(root.map("extensions")),
                DbConfig.from(root.map("db")),
                StatusSettings.from(root.map("status")),
                HttpSettings.from(root.map("http")),
                RecordsSettings.from(root.map("records")),
                NodeSettings.from(root.map("node")),
                Path.of("").toAbsolutePath());
        root.finish();
        return c;
    }

    /** This configuration with relative paths resolved against {@code dir}. */
    public RamalConfig withHome(Path dir) {
        return new RamalConfig(gateway, call, listener, extensions, db, status, http, records, node,
                dir.toAbsolutePath());
    }

    /** {@code path} resolved against {@link #home()} when relative. */
    public Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : home.resolve(p).normalize();
    }
}
