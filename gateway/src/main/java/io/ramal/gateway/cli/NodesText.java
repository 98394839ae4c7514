package io.ramal.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The cluster as text, for {@code ramal nodes}: a header line, the nodes as a table (this node
 * marked {@code *}) and each queue's owner. Reads the JSON of {@code /cluster}, so it shows
 * exactly what the admin server says.
 */
final class NodesText {

    private NodesText() {
    }

    static String render(JsonNode c) {
        StringBuilder b = new StringBuilder(1024);
        if (c.path("clustered").asBoolean()) {
            b.append("cluster  self ").append(c.path("self").asText()).append("  database ")
                    .append(c.path("databaseUp").asBoolean() ? "up" : "DOWN").append("  read at ")
                    .append(c.path("readAt").asText()).append('\n');
        } else {
            b.append("not clustered (node.secret is empty)  self ").append(c.path("self").asText()).append('\n');
        }
        b.append(String.format(Locale.ROOT, "%nNODES%n  %-20s %-5s %10s %6s  %-22s %-12s %s%n", "NAME", "ALIVE",
                "LAST-SEEN", "CALLS", "RELAY", "VERSION", "STARTED"));
        for (JsonNode n : c.path("nodes")) {
            long ago = n.path("lastSeenAgoMs").asLong(-1);
            b.append(String.format(Locale.ROOT, "%s %-20s %-5s %10s %6d  %-22s %-12s %s%n",
                    n.path("self").asBoolean() ? "*" : " ", n.path("name").asText(),
                    n.path("alive").asBoolean() ? "yes" : "NO", ago < 0 ? "-" : seconds(ago) + " ago",
                    n.path("activeCalls").asInt(), n.path("relay").asText().isEmpty() ? "-" : n.path("relay").asText(),
                    n.path("version").asText().isEmpty() ? "-" : n.path("version").asText(),
                    n.path("startedAt").asText()));
        }
        JsonNode owners = c.path("owners");
        if (owners.size() > 0) {
            b.append(String.format(Locale.ROOT, "%nQUEUES%n  %-20s %-20s %6s  %-5s %-5s %s%n", "QUEUE", "OWNER",
                    "EPOCH", "VALID", "HERE", "EXPIRES"));
            for (Iterator<Map.Entry<String, JsonNode>> it = owners.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode o = e.getValue();
                b.append(String.format(Locale.ROOT, "  %-20s %-20s %6d  %-5s %-5s %s%n", e.getKey(),
                        o.path("node").isNull() ? "-" : o.path("node").asText(), o.path("epoch").asLong(),
                        o.path("valid").asBoolean() ? "yes" : "NO", o.path("ownedHere").asBoolean() ? "yes" : "no",
                        o.path("expiresAt").isNull() ? "-" : o.path("expiresAt").asText()));
            }
        }
        return b.toString();
    }

    /** {@code 0.4 s}, {@code 12 s}, {@code 3 min}: how long ago, at a glance. */
    static String seconds(long ms) {
        if (ms < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        if (ms < 600_000) {
            return ms / 1000 + " s";
        }
        return ms / 60_000 + " min";
    }
}
