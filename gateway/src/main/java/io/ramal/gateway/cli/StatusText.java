package io.ramal.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * The wallboard as text, for {@code ramal status}: one header line, the extensions as a table,
 * and per queue its waiting callers, attendants, today's figures and the last hour as a
 * sparkline. Reads the JSON of {@code /board.json}, so it shows exactly what the page shows.
 */
final class StatusText {

    private static final String BARS = " ▁▂▃▄▅▆▇█";

    private StatusText() {
    }

    static String render(JsonNode s) {
        StringBuilder b = new StringBuilder(2048);
        JsonNode h = s.path("health");
        b.append("ramal ").append(s.path("version").asText()).append("  ").append(h.path("status").asText())
                .append("  calls ").append(s.path("callsTotal").asInt());
        StringBuilder modes = new StringBuilder();
        s.path("callsByMode").fields().forEachRemaining(e -> modes.append(modes.length() == 0 ? "" : ", ")
                .append(e.getKey()).append(' ').append(e.getValue().asInt()));
        if (modes.length() > 0) {
            b.append(" (").append(modes).append(')');
        }
        b.append(String.format(Locale.ROOT, "  lag %.1f ms  refused %d  late-ticks %d  store %s%s  at %s%n",
                h.path("lagMs").asDouble(), h.path("refused").asLong(), h.path("pacerSkippedTicks").asLong(),
                h.path("storeKind").asText(), h.path("storeUp").asBoolean() ? "" : " DOWN", s.path("at").asText()));
        b.append(String.format("%nEXTENSIONS%n  %-8s %-22s %-7s %-12s %5s  %s%n", "RAMAL", "ADDRESS", "MODE", "STATE",
                "CALLS", "REASON"));
        for (JsonNode e : s.path("extensions")) {
            b.append(String.format("  %-8s %-22s %-7s %-12s %5d  %s%n", e.path("ramal").asText(),
                    e.path("address").asText(), e.path("mode").asText(), e.path("state").asText(),
                    e.path("active").asInt(), e.path("reason").isNull() ? "" : e.path("reason").asText()));
        }
        for (JsonNode q : s.path("queues")) {
            queue(b, q);
        }
        return b.toString();
    }

    private static void queue(StringBuilder b, JsonNode q) {
        b.append(String.format("%nQUEUE %s  waiting %d  longest %s  attendants free %d busy %d paused %d wrap-up %d%n",
                q.path("name").asText(), q.path("waiting").size(), clock(q.path("longestWaitMs").asLong()),
                q.path("free").asInt(), q.path("busy").asInt(), q.path("paused").asInt(), q.path("wrapUp").asInt()));
        JsonNode t = q.path("today");
        b.append(String.format("  today  offered %d  answered %d  abandoned %d  overflowed %d  avg-answer %s  "
                        + "service-level %s%s%n", t.path("offered").asLong(), t.path("answered").asLong(),
                t.path("abandoned").asLong(), t.path("overflowed").asLong(),
                t.path("asaSeconds").isNull() ? "-" : clock(Math.round(t.path("asaSeconds").asDouble() * 1000)),
                t.path("serviceLevel").isNull() ? "-"
                        : String.format(Locale.ROOT, "%.1f%%", t.path("serviceLevel").asDouble() * 100),
                t.path("thresholdSeconds").isNull() ? "" : " (within " + t.path("thresholdSeconds").asInt() + " s)"));
        if (!t.path("error").isNull() && !t.path("error").isMissingNode()) {
            b.append("  today's figures not up to date: ").append(t.path("error").asText()).append('\n');
        }
        b.append("  last hour  ").append(spark(q.path("history"))).append('\n');
        if (q.path("waiting").isEmpty()) {
            b.append("  waiting    nobody\n");
        }
        for (JsonNode w : q.path("waiting")) {
            b.append(String.format("  waiting    %2d. %-8s %s  %s%n", w.path("position").asInt(), w.path("ramal").asText(),
                    w.path("call").asText(), clock(w.path("waitedMs").asLong())));
        }
        if (q.path("attendants").isEmpty()) {
            b.append("  attendant  nobody logged in\n");
        }
        for (JsonNode a : q.path("attendants")) {
            b.append(String.format("  attendant  %-8s %s  %-7s%s%s%n", a.path("ramal").asText(), a.path("call").asText(),
                    a.path("state").asText(), a.path("with").isNull() ? "" : " with " + a.path("with").asText(),
                    a.path("sinceMs").asLong() > 0 ? "  " + clock(a.path("sinceMs").asLong()) : ""));
        }
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
    static String clock(long ms) {
        long s = ms / 1000;
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    private static String spark(JsonNode history) {
        int max = 0;
        for (JsonNode v : history) {
            max = Math.max(max, v.asInt());
        }
        StringBuilder out = new StringBuilder(history.size());
        for (JsonNode v : history) {
            int n = v.asInt();
            out.append(n == 0 ? '·' : BARS.charAt(Math.max(1, Math.round(n * (BARS.length() - 1f) / max))));
        }
        return out + "  (most waiting at once: " + max + ")";
    }
}
