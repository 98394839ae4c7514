package io.ramal.gateway.records;

import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.extensions.pg.PgExtensionStore;
import io.ramal.extensions.testing.TcpProxy;
import io.ramal.extensions.testing.TestDb;
import io.ramal.gateway.Gateway;
import io.ramal.gateway.Modes;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.config.ConfigLoader;
import io.ramal.gateway.config.RamalConfig;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.LogCapture;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real gateway process, its database cut off, takes calls whose records go to the spool; it is
 * killed with SIGKILL (mid-write, as far as the spool's last line can tell); the next start, the
 * database back, replays the spool: every call is in {@code call_records} once, the torn line is
 * skipped with one WARN, and the spool is empty after.
 */
class SpoolReplayIT {

    @TempDir
    Path home;

    @Test
    void aGatewayKilledAfterSpoolingReplaysItsSpoolOnTheNextStartWithoutDuplicates() throws Exception {
        int port = TestGateway.freePort();
        try (TestDb db = TestDb.create()) {
            try (PgExtensionStore s = PgExtensionStore.open(db.config, Modes.SETTINGS)) {
                s.add(new Extension("7100", "127.0.0.1", port, Mode.ECHO, Map.of(), null, true, "spool test"));
            }
            URI server = URI.create(db.config.url().substring("jdbc:".length()));
            try (TcpProxy proxy = new TcpProxy(server.getHost(), server.getPort())) {
                List<String> flags = List.of("db.url=jdbc:postgresql://127.0.0.1:" + proxy.port() + server.getRawPath(),
                        "db.user=" + db.config.user(), "db.schema=" + db.config.schema(), "db.connect-timeout=1s",
                        "http.enabled=false", "records.retry-interval=200ms", "extensions.sweep-interval=1s");
                Process child = startChild(flags);
                try {
                    Await.until(Duration.ofSeconds(30), "the child gateway listens", () -> accepts(port));
                    for (int i = 0; i < 2; i++) {
                        call(port);
                    }
                    Await.until(Duration.ofSeconds(20), "the first calls are in the database", () -> rows(db) == 2);

                    proxy.cut();
                    for (int i = 0; i < 10; i++) {
                        call(port);
                    }
                    Path spool = home.resolve("var/spool/call-records.spool");
                    Await.until(Duration.ofSeconds(20), () -> "ten records spooled: " + lines(spool),
                            () -> lines(spool) == 10);
                } finally {
                    child.destroyForcibly(); // SIGKILL: no shutdown hook, no drain
                    assertTrue(child.waitFor(10, TimeUnit.SECONDS));
                }
                assertEquals(137, child.exitValue(), "killed by SIGKILL");
                Files.writeString(home.resolve("var/spool/call-records.spool"), "{\"callId\":\"0000",
                        StandardOpenOption.APPEND); // as if killed in the middle of an append

                proxy.restore();
                RamalConfig cfg = ConfigLoader.load(null, Map.of("RAMAL_HOME", home.toString()), flags);
                try (LogCapture log = LogCapture.info("ramal.records"); Gateway g = Gateway.start(cfg)) {
                    Await.until(Duration.ofSeconds(30), () -> "replayed: " + rows(db), () -> rows(db) == 12);
                    assertEquals(1, log.messages().stream().filter(m -> m.contains("torn last line")).count(),
                            log.messages().toString());
                    Await.until(Duration.ofSeconds(10), "spool emptied",
                            () -> lines(home.resolve("var/spool/call-records.spool")) == 0);
                    String metrics = new String(g.metrics().scrape(), java.nio.charset.StandardCharsets.UTF_8);
                    assertTrue(metrics.contains("ramal_records_threads{pool=\"call-records\"}")
                            && metrics.contains("ramal_records_backlog{pool=\"queue-events\"} 0.0")
                            && metrics.contains("ramal_records_written_total{pool=\"call-records\"} 10.0"), metrics);
                }
                assertEquals(12, rows(db), "each call once");
            }
        }
    }

    private Process startChild(List<String> flags) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.ramal.gateway.cli.Main"));
        for (String f : flags) {
            cmd.add("-D");
            cmd.add(f);
        }
        cmd.add("serve");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve("child.log").toFile());
        pb.environment().put("RAMAL_HOME", home.toString());
        return pb.start();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One short echo call: id, five frames, hangup; waits for the gateway to close it. */
    private static void call(int port) throws Exception {
        try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port)) {
            c.sendId(UUID.randomUUID());
            byte[] frame = new byte[320];
            for (int f = 0; f < 5; f++) {
                c.sendAudio(AudioSocketKind.AUDIO_8K, frame, 0, frame.length);
            }
            c.send(AudioSocketKind.HANGUP, new byte[0], 0, 0);
            assertTrue(c.awaitClosed(Duration.ofSeconds(5)));
        }
    }

    private static long lines(Path f) {
        try {
            return Files.exists(f) ? Files.readAllLines(f).size() : 0;
        } catch (IOException e) {
            return -1;
        }
    }

    private static long rows(TestDb db) {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT call_id) FROM " + db.config.schema()
                     + ".call_records")) {
            rs.next();
            assertEquals(rs.getLong(1), rs.getLong(2));
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }
}
