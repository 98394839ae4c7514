package io.ramal.gateway;

import io.ramal.gateway.config.ConfigLoader;
import io.ramal.gateway.config.RamalConfig;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.ShippedLogging;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rows written to forge log lines (a name, a queue and a bind address holding a line break and
 * what looks like a log line) are refused and show escaped in ramal.log and status.log, through
 * the shipped logback configuration: every line in both files is one event of ours.
 */
class ForgedLinesIT {

    /** Every line the shipped layout writes starts with its ISO time stamp and a level. */
    private static final Pattern EVENT = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S* +[A-Z]+ .*");

    @TempDir
    Path home;

    @Test
    void forgedRowsCannotAddLinesToEitherLog() throws Exception {
        String forged = "\\n2026-01-01T00:00:00.000+00:00 WARN  [main] forged line";
        String yaml = "extensions:\n"
                + "  - {ramal: \"9" + forged + "\", port: " + TestGateway.freePort() + ", mode: echo}\n"
                + "  - {ramal: '9101', port: " + TestGateway.freePort() + ", mode: queue, settings: {queue: \"q" + forged + "\"}}\n"
                + "  - {ramal: '9102', port: " + TestGateway.freePort() + ", mode: echo, bind: \"127.0.0.1" + forged + "\"}\n"
                + "  - {ramal: '9103', port: " + TestGateway.freePort() + ", mode: echo, description: \"d" + forged + "\"}\n"
                + "  - {ramal: '9104', port: " + TestGateway.freePort() + ", mode: \"fax" + forged + "\"}\n";
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/extensions.yaml"), yaml);
        RamalConfig cfg = ConfigLoader.load(null, Map.of("RAMAL_HOME", home.toString()),
                List.of("http.port=0", "status.interval=1s"));
        Path status = home.resolve("logs/status.log");
        Path main = home.resolve("logs/ramal.log");
        try (ShippedLogging logging = ShippedLogging.at(home); Gateway g = Gateway.start(cfg)) {
            Await.until(Duration.ofSeconds(5), "two reports", () -> reports(status) >= 2);
        }
        for (Path f : List.of(main, status)) {
            String text = Files.readString(f);
            for (String line : text.lines().toList()) {
                assertTrue(EVENT.matcher(line).matches() || line.startsWith("\t") || line.startsWith("java.")
                        || line.startsWith("Caused by") || line.startsWith("\t..."), f + ": a line not ours: " + line);
                assertTrue(!line.startsWith("2026-01-01T00:00:00.000"), f + " forged: " + line);
            }
            assertTrue(text.contains("forged line"), "the refused rows are reported: " + f + "\n" + text);
        }
        String text = Files.readString(status);
        assertTrue(text.contains("listener ramal=9\\n2026-01-01T00:00:00.000+00:00 WARN  [main] forged line"), text);
    }

    private static long reports(Path f) {
        try {
            return Files.exists(f) ? Files.readAllLines(f).stream().filter(l -> l.contains(" summary ")).count() : 0;
        } catch (Exception e) {
            return 0;
        }
    }
}
