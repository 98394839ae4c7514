package io.ramal.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.extensions.pg.PgExtensionStore;
import io.ramal.extensions.testing.TcpProxy;
import io.ramal.extensions.testing.TestDb;
import io.ramal.gateway.config.ConfigLoader;
import io.ramal.gateway.config.RamalConfig;
import io.ramal.gateway.status.StatusLog;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.LogCapture;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway over the database: a cache file that cannot be read while the database is down is
 * reported, set aside, and the gateway starts and says on {@code /health} and in the status log
 * that nothing serves; with the database up, both say so too.
 */
class StoreHealthIT {

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();

    private Gateway start(String dbUrl, String... flags) throws Exception {
        Files.createDirectories(home.resolve("config"));
        List<String> all = new ArrayList<>(List.of("http.port=0", "db.url=" + dbUrl, "db.connect-timeout=1s",
                "extensions.cache-file=var/extensions-cache.json"));
        all.addAll(List.of(flags));
        RamalConfig cfg = ConfigLoader.load(null, Map.of("RAMAL_HOME", home.toString()), all);
        return Gateway.start(cfg);
    }

    private JsonNode health(Gateway g, int expectedStatus) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + g.adminPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        if (expectedStatus > 0) {
            assertEquals(expectedStatus, r.statusCode(), r.body());
        }
        return new ObjectMapper().readTree(r.body());
    }

    private static int closedPort() throws Exception {
        return io.ramal.extensions.testing.FreePorts.next();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "truncated           | `{\"savedAt\":\"2026-11-30T00:00:00Z\",\"extensions\":[{\"ramal\":\"70` | not valid JSON: ",
        "wrong type          | `{\"extensions\":\"x\"}`       | expected extensions to be a list, found string",
        "wrong element types | `{\"extensions\":[1,\"a\"]}`   | expected extensions[0] to be an object, found number 1",
        "empty               | ``                             | the file is empty",
    })
    void corruptCacheWithTheDatabaseDownStartsSetsItAsideAndHealthSaysNothingServes(
            String shape, String content, String cause) throws Exception {
        Path cache = home.resolve("var/extensions-cache.json");
        Files.createDirectories(cache.getParent());
        Files.writeString(cache, content == null ? "" : content);
        Instant before = Instant.now();
        try (LogCapture source = new LogCapture("io.ramal.extensions");
             LogCapture status = LogCapture.info(StatusLog.LOGGER);
             Gateway g = start("jdbc:postgresql://127.0.0.1:" + closedPort() + "/ramal")) {
            List<String> warns = source.messages().stream()
                    .filter(m -> m.startsWith("cache file=" + cache) && m.contains("is corrupt")).toList();
            assertEquals(1, warns.size(), shape + ": " + source.messages());
            assertTrue(warns.get(0).contains("cause=\"" + cause), warns.get(0));
            assertTrue(warns.get(0).contains("set aside as " + cache + ".corrupt"), warns.get(0));
            assertFalse(Files.exists(cache), "moved away");
            assertEquals(content == null ? "" : content, Files.readString(Path.of(cache + ".corrupt")));
            assertFalse(source.has("extension manager failed to start"));

            JsonNode h = health(g, 503);
            assertEquals("DOWN", h.get("status").asText());
            assertEquals(0, h.get("bound").asInt());
            assertEquals(0, h.get("configured").asInt());
            JsonNode store = h.get("store");
            assertEquals("postgres", store.get("kind").asText());
            assertFalse(store.get("up").asBoolean());
            assertFalse(Instant.parse(store.get("down-since").asText()).isBefore(before.minusSeconds(1)), h.toString());
            assertEquals("none", store.get("serving-from").asText());
            assertFalse(store.get("last-error").asText().isEmpty(), h.toString());

            g.statusLog().report();
            assertTrue(status.has("store kind=postgres up=false down-since=", "serving-from=none last-error=\""),
                    status.messages().toString());
        }
    }

    /** The real PostgreSQL ({@link TestDb}), in a schema of this test's own holding one echo extension. */
    private static final class Db implements AutoCloseable {
        final TestDb db = TestDb.create();
        final URI server = URI.create(db.config.url().substring("jdbc:".length()));

        Db(int extensionPort) throws Exception {
            try (PgExtensionStore s = PgExtensionStore.open(db.config, Modes.SETTINGS)) {
                s.add(new Extension("7001", "127.0.0.1", extensionPort, Mode.ECHO, Map.of(), null, true, "health"));
            }
        }

        String url() {
            return db.config.url();
        }

        /** The gateway's flags for this database (db.url aside), with a quick sweep. */
        String[] flags() {
            return new String[] {"db.user=" + db.config.user(), "db.password=" + db.config.password(),
                "db.schema=" + db.config.schema(), "extensions.sweep-interval=200ms"};
        }

        String urlAt(int port) {
            return "jdbc:postgresql://127.0.0.1:" + port + server.getRawPath();
        }

        @Override
        public void close() throws Exception {
            db.close();
        }
    }

    @Test
    void corruptCacheThenTheDatabaseComesBackServesFromItAndCachesAfresh() throws Exception {
        int extensionPort = TestGateway.freePort();
        int dbPort = closedPort();
        Path cache = home.resolve("var/extensions-cache.json");
        Files.createDirectories(cache.getParent());
        Files.writeString(cache, "{\"extensions\":\"x\"}");
        try (Db db = new Db(extensionPort);
             Gateway g = start(db.urlAt(dbPort), db.flags())) {
            assertEquals("none", health(g, 503).get("store").get("serving-from").asText());
            try (TcpProxy f = new TcpProxy(dbPort, db.server.getHost(), db.server.getPort())) {
                Await.until(Duration.ofSeconds(15), "served from the database once it is back", () -> {
                    try {
                        JsonNode h = health(g, -1);
                        return h.get("bound").asInt() == 1 && h.get("store").get("up").asBoolean()
                                && "store".equals(h.get("store").get("serving-from").asText());
                    } catch (Exception e) {
                        return false;
                    }
                });
                JsonNode h = health(g, 200);
                assertTrue(h.get("store").get("down-since").isNull(), h.toString());
                assertTrue(Files.readString(cache).contains("\"7001\""), "a fresh cache replaces the corrupt one");
                assertTrue(Files.exists(Path.of(cache + ".corrupt")));
            }
        }
    }

    @Test
    void databaseUpHealthSaysStoreUpServingFromIt() throws Exception {
        try (Db db = new Db(TestGateway.freePort());
             LogCapture status = LogCapture.info(StatusLog.LOGGER);
             Gateway g = start(db.url(), db.flags())) {
            JsonNode h = health(g, 200);
            assertEquals("UP", h.get("status").asText());
            assertEquals(1, h.get("bound").asInt());
            JsonNode store = h.get("store");
            assertEquals("postgres", store.get("kind").asText());
            assertTrue(store.get("up").asBoolean());
            assertTrue(store.get("down-since").isNull(), h.toString());
            assertEquals("store", store.get("serving-from").asText());
            assertTrue(store.get("last-error").isNull(), h.toString());
            assertTrue(Files.isRegularFile(home.resolve("var/extensions-cache.json")), "the set is cached");
            g.statusLog().report();
            assertTrue(status.has("store kind=postgres up=true down-since=- serving-from=store last-error=\"\""),
                    status.messages().toString());
        }
    }
}
