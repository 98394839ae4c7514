package io.ramal.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.internal.ThreadExecutorMap;
import io.ramal.extensions.DbConfig;
import io.ramal.extensions.ModeSettingsRegistry;
import io.ramal.extensions.StoreHealth;
import io.ramal.extensions.pg.DbPools;
import io.ramal.extensions.pg.PgExtensionStore;
import io.ramal.extensions.testing.TestDb;
import io.ramal.gateway.call.CallRecord;
import io.ramal.gateway.config.HttpSettings;
import io.ramal.gateway.records.QueueEventRecord;
import io.ramal.gateway.records.Records;
import io.ramal.gateway.records.RecordsSettings;
import io.ramal.gateway.report.FilesRecordSource;
import io.ramal.gateway.report.PgRecordSource;
import io.ramal.gateway.report.RecordSource;
import io.ramal.gateway.report.ReportException;
import io.ramal.gateway.status.ListenerReport;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.ThreeCallers;
import io.ramal.gateway.transport.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /calls} over PostgreSQL and over the files: pages follow their {@code next} links to
 * every call once in start order (two calls that started in the same instant included, their ids
 * compared as the database compares them), the token is required, bad parameters are a 400, and
 * every read runs on the reader thread, never on the admin server's event loop.
 */
class CallsResourceIT {

    @TempDir
    static Path tmp;

    private static TestDb db;
    private static final Supplier<List<ListenerReport>> NONE = List::of;
    private static final Supplier<StoreHealth> UP = () -> new StoreHealth("file", true, null,
            StoreHealth.ServingFrom.STORE, null);
    /** Two calls of ramal 9300 started in the same instant: a low id, and one with the first bit set. */
    private static final UUID T1 = UUID.fromString("00000000-0000-4000-8000-000000000301");
    private static final UUID T2 = UUID.fromString("f0000000-0000-4000-8000-000000000302");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void writeTheMorningToBothStores() throws Exception {
        db = TestDb.create();
        try (PgExtensionStore store = new PgExtensionStore(db.config, ModeSettingsRegistry.NONE)) {
            store.migrate();
        }
        write(db.config, "spool-pg");
        write(DbConfig.DEFAULTS, "spool-files"); // no database: the files
    }

    private static void write(DbConfig to, String spool) {
        try (Records r = Records.open(RecordsSettings.DEFAULTS, to, tmp.resolve(spool), tmp.resolve("files"))) {
            ThreeCallers.writeThrough(r);
            for (UUID id : List.of(T2, T1)) {
                r.calls().ended(new CallRecord(id, "9300", "echo", "127.0.0.1:1", ThreeCallers.at("12:00:00"),
                        ThreeCallers.at("12:00:00"), ThreeCallers.at("12:01:00"), 0, 60_000, null, null, null,
                        "completed", "remote-hangup", "caller", 0, 0, 0, List.of()));
            }
            Await.until(Duration.ofSeconds(20), () -> "records written, backlog=" + r.backlog(), () -> r.backlog() == 0);
        }
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    /** Each store, with the threads it was read on. */
    private interface Check {
        void run(int port, Set<String> readers) throws Exception;
    }

    private void withEachStore(Check check) throws Exception {
        var pool = DbPools.open(db.config, "test-calls", 2);
        List<RecordSource> sources = List.of(new PgRecordSource(pool, db.config, pool::close),
                new FilesRecordSource(tmp.resolve("files")));
        Transport transport = Transport.create("nio", 1, "test-admin");
        try {
            for (RecordSource s : sources) {
                Set<String> readers = ConcurrentHashMap.newKeySet();
                CallsResource calls = new CallsResource(new Watched(s, readers), ThreeCallers.ZONE,
                        Clock.fixed(ThreeCallers.at("12:00:00"), ZoneOffset.UTC));
                try (AdminServer admin = new AdminServer(new HttpSettings(true, "127.0.0.1", 0, "s3cret"), NONE, UP,
                        new GatewayMetrics(NONE), calls).start(transport)) {
                    check.run(admin.port(), readers);
                }
            }
        } finally {
            transport.close();
        }
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Follows the next links from {@code first}; the call ids of every page, page by page. */
    private List<List<String>> pages(int port, String first) throws Exception {
        List<List<String>> pages = new ArrayList<>();
        String next = first;
        while (next != null) {
            HttpResponse<String> r = get(port, next, "s3cret");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
            JsonNode body = json.readTree(r.body());
            List<String> ids = new ArrayList<>();
            body.get("calls").forEach(c -> ids.add(c.get("callId").asText()));
            pages.add(ids);
            next = body.get("next").isNull() ? null : body.get("next").asText();
            assertTrue(pages.size() < 10, "the pages end: " + pages);
        }
        return pages;
    }

    @Test
    void pagesFollowTheirNextLinksToEveryCallOnceInStartOrder() throws Exception {
        withEachStore((port, readers) -> {
            assertEquals(List.of(
                    List.of(ThreeCallers.A.toString(), ThreeCallers.C1.toString()),
                    List.of(ThreeCallers.C2.toString(), ThreeCallers.C3.toString()),
                    List.of(T1.toString(), T2.toString()),
                    List.of(ThreeCallers.E1.toString(), ThreeCallers.E2.toString())),
                    pages(port, "/calls?since=2026-11-30&until=2026-12-01&limit=2"));
            assertEquals(List.of(List.of(T1.toString()), List.of(T2.toString())),
                    pages(port, "/calls?since=2026-11-30&extension=9300&limit=1"),
                    "the same start: the id decides, as the database orders uuids");
            assertEquals(List.of(List.of(ThreeCallers.C1.toString(), ThreeCallers.C2.toString(),
                    ThreeCallers.C3.toString())), pages(port, "/calls?since=2026-11-30&extension=9100"));
            assertEquals(List.of(List.of(ThreeCallers.E2.toString())), pages(port, "/calls?since=2026-12-01"),
                    "until defaults to today (2026-11-30 here) or since when later");

            JsonNode c2 = json.readTree(get(port, "/calls?since=2026-11-30&extension=9100", "s3cret").body())
                    .get("calls").get(1);
            assertEquals("answered", c2.get("outcome").asText());
            assertEquals(127_000, c2.get("waitMs").asLong());
            assertEquals("2026-11-30T13:02:12Z", c2.get("answeredAt").asText());

            assertTrue(readers.size() == 1 && readers.contains("ramal-admin-calls"),
                    "every read on the reader thread, none on an event loop: " + readers);
        });
    }

    @Test
    void theTokenIsRequiredAndBadParametersAreRefused() throws Exception {
        withEachStore((port, readers) -> {
            HttpResponse<String> none = get(port, "/calls", null);
            assertEquals(401, none.statusCode());
            assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(401, get(port, "/calls", "wrong").statusCode());
            assertTrue(readers.isEmpty(), "nothing read without the token");

            for (String[] bad : List.of(
                    new String[] {"/calls?limit=0", "limit=0 is not a whole number from 1 to 1000"},
                    new String[] {"/calls?limit=lots", "limit=lots is not a whole number from 1 to 1000"},
                    new String[] {"/calls?since=30/11/2026", "since=30/11/2026 is not a date (yyyy-mm-dd)"},
                    new String[] {"/calls?after=xyz", "after=xyz is not a cursor from a previous page's next link"},
                    new String[] {"/calls?since=2026-11-30&until=2026-11-01", "until 2026-11-01 is before since 2026-11-30"})) {
                HttpResponse<String> r = get(port, bad[0], "s3cret");
                assertEquals(400, r.statusCode(), bad[0]);
                assertEquals(bad[1], json.readTree(r.body()).get("error").asText(), bad[0]);
            }
        });
    }

    /** A source that notes the thread of every read, and fails a read on an event loop. */
    private record Watched(RecordSource s, Set<String> readers) implements RecordSource {

        private void note() {
            readers.add(ThreadExecutorMap.currentExecutor() != null ? "EVENT LOOP " + Thread.currentThread().getName()
                    : Thread.currentThread().getName());
        }

        @Override
        public void calls(Calls q, Consumer<CallRecord> each) throws ReportException {
            note();
            s.calls(q, each);
        }

        @Override
        public void events(Events q, Consumer<QueueEventRecord> each) throws ReportException {
            note();
            s.events(q, each);
        }

        @Override
        public Optional<CallRecord> call(UUID id) throws ReportException {
            note();
            return s.call(id);
        }

        @Override
        public String describe() {
            return s.describe();
        }

        @Override
        public void close() {
            s.close();
        }
    }
}
