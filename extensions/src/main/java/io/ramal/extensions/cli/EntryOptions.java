package io.ramal.extensions.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code add} and {@code update}: each names one field of the entry, and
 * {@code --set}/{@code --tuning} one key of its settings or tuning (a dotted key nests, a comma
 * list is a list).
 */
final class EntryOptions {
    @Option(names = "--port", description = "TCP port, 1..65535.")
    Integer port;

    @Option(names = "--mode", description = "echo, ai, queue or agent.")
    String mode;

    @Option(names = "--bind", description = "Address to bind: an IP address or a host name that resolves (default: gateway.default-bind, 127.0.0.1).")
    String bind;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting of the mode, e.g. --set queue=suporte (repeatable).")
    List<String> settings = new ArrayList<>();

    @Option(names = "--tuning", paramLabel = "KEY=VALUE", description = "A socket tuning override, e.g. --tuning receive-buffer=2MiB.")
    List<String> tuning = new ArrayList<>();

    @Option(names = "--description", description = "Free text for people.")
    String description;

    @Option(names = "--allow", paramLabel = "CIDRS",
            description = "Sources that may connect, e.g. --allow 192.0.2.10,10.0.0.0/8; \"\" for the gateway's gateway.allow.")
    String allow;

    @Option(names = "--max-calls", description = "Calls served at once (counted from their id frame); 0 for no limit of its own.")
    Integer maxCalls;

    @Option(names = "--nodes", paramLabel = "NAMES",
            description = "The gateway nodes (node.name) that serve it, e.g. --nodes gw-a,gw-b; \"\" for every node.")
    String nodes;

    @Option(names = "--disabled", description = "Add it disabled.")
    boolean disabled;

    /** The entry with these options laid over {@code base} (null to start empty). */
    Map<String, Object> apply(Map<String, Object> base, String ramal) {
        Map<String, Object> m = base == null ? new LinkedHashMap<>() : new LinkedHashMap<>(base);
        m.put("ramal", ramal);
        if (port != null) {
            m.put("port", port);
        }
        if (mode != null) {
            m.put("mode", mode);
        }
        if (bind != null) {
            m.put("bind", bind);
        }
        if (description != null) {
            m.put("description", description);
        }
        if (allow != null) {
            if (allow.isBlank()) {
                m.remove("allow");
            } else {
                m.put("allow", allow); // the parser splits it on commas and checks each entry
            }
        }
        if (maxCalls != null) {
            m.put("max-calls", maxCalls);
        }
        if (nodes != null) {
            if (nodes.isBlank()) {
                m.remove("nodes");
            } else {
                m.put("nodes", nodes); // the parser splits it on commas and checks each name
            }
        }
        if (disabled) {
            m.put("enabled", false);
        }
        if (!settings.isEmpty()) {
            Map<String, Object> into = asMap(m.get("settings"));
            for (Map.Entry<String, Object> kv : pairs("--set", settings, new LinkedHashMap<>()).entrySet()) {
                putPath(into, kv.getKey(), kv.getValue());
            }
            m.put("settings", into);
        }
        if (!tuning.isEmpty()) {
            m.put("tuning", pairs("--tuning", tuning, asMap(m.get("tuning"))));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map ? new LinkedHashMap<>((Map<String, Object>) o) : new LinkedHashMap<>();
    }

    /** {@code fallback.transfer=x} sets {@code transfer} inside the {@code fallback} map. */
    private static void putPath(Map<String, Object> into, String key, Object value) {
        int dot = key.indexOf('.');
        if (dot <= 0 || dot == key.length() - 1) {
            into.put(key, value);
            return;
        }
        Map<String, Object> inner = asMap(into.get(key.substring(0, dot)));
        putPath(inner, key.substring(dot + 1), value);
        into.put(key.substring(0, dot), inner);
    }

    private static Map<String, Object> pairs(String option, List<String> kvs, Map<String, Object> into) {
        for (String kv : kvs) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(option + " " + kv + " is invalid, expected KEY=VALUE");
            }
            String key = kv.substring(0, eq);
            String value = kv.substring(eq + 1);
            // A comma list is a list (agent queues): --set queues=suporte,vendas
            into.put(key, value.contains(",") ? List.of(value.split(",")) : value);
        }
        return into;
    }
}
