package io.ramal.gateway.records;

import io.netty.util.internal.ThreadExecutorMap;
import io.ramal.extensions.DbConfig;
import io.ramal.extensions.ModeSettingsRegistry;
import io.ramal.extensions.pg.PgExtensionStore;
import io.ramal.extensions.testing.TcpProxy;
import io.ramal.extensions.testing.TestDb;
import io.ramal.gateway.call.CallRecord;
import io.ramal.gateway.queue.match.QueueEvent;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record writers against the real PostgreSQL: a burst scales the pool up and back down and
 * every record lands once; records written while the database is cut off (a TCP proxy dropped
 * for seconds) all land once afterwards, through the spool.
 */
class RecordsPgIT {

    @TempDir
    Path tmp;

    private TestDb db;

    @BeforeEach
    void migrate() throws Exception {
        db = TestDb.create();
        PgExtensionStore.open(db.config, ModeSettingsRegistry.NONE).close();
    }

    @AfterEach
    void drop() throws Exception {
        db.close();
    }

    static CallRecord call(int i) {
        Instant t = Instant.parse("2026-12-01T09:00:00Z").plusMillis(i);
        return new CallRecord(new UUID(0xCA11L, i), "9000", "echo", "127.0.0.1:5000" + (i % 10), t, t,
                t.plusSeconds(30), 0, 30_000, null, null, null, "completed", "remote-hangup", "caller", 1500, 1500, 0,
                List.of());
    }

    static QueueEvent event(int i, QueueEvent.Type type) {
        return new QueueEvent(type, Instant.parse("2026-12-01T09:00:00Z").plusMillis(i), "suporte",
                new UUID(0xCA11L, i), null, Duration.ofMillis(i % 5000), "", 20);
    }

    private long count(String table) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT " + (table.equals("call_records")
                     ? "call_id" : "event_id") + ") FROM " + db.config.schema() + "." + table)) {
            rs.next();
            assertEquals(rs.getLong(1), rs.getLong(2));
            return rs.getLong(1);
        }
    }

    private static RecordsSettings settings(String... kv) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("evaluate-interval", "200ms");
        m.put("retry-interval", "200ms");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return RecordsSettings.from(m);
    }

    @Test
    void aBurstOfTenThousandIsWrittenOnceWhileThePoolScalesUpAndBackDown() throws Exception {
        List<Integer> ups = new ArrayList<>();
        try (LogCapture log = LogCapture.info("ramal.records");
             Records r = Records.open(settings(), db.config, tmp.resolve("spool"), tmp.resolve("files"))) {
            for (int i = 0; i < 10_000; i++) {
                r.calls().ended(call(i));
            }
            Await.until(Duration.ofSeconds(60), () -> "10,000 rows, now " + safeCount(), () -> safeCount() == 10_000);
            Pattern down = Pattern.compile("pool=call-records scale down backlog=\\d+ threads \\d+->1 ending-when-idle=\\d+");
            Await.until(Duration.ofSeconds(10), () -> "scaled back down to one thread: " + log.messages(),
                    () -> log.messages().stream().anyMatch(m -> down.matcher(m).find()));
            Pattern up = Pattern.compile("pool=call-records scale up backlog=(\\d+) threads (\\d+)->(\\d+)");
            for (String m : log.messages()) {
                Matcher x = up.matcher(m);
                if (x.find()) {
                    ups.add(Integer.parseInt(x.group(3)));
                    assertTrue(Integer.parseInt(x.group(3)) <= 10, m);
                }
            }
            assertTrue(ups.stream().anyMatch(n -> n > 1), "the burst scaled the pool up: " + log.messages());
            assertEquals(0, r.backlog());
        }
        assertEquals(10_000, count("call_records"));
    }

    private long safeCount() {
        try {
            return count("call_records");
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void recordsWrittenWhileTheDatabaseIsCutOffAllArriveOnceAfterwards() throws Exception {
        URI server = URI.create(db.config.url().substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(server.getHost(), server.getPort())) {
            DbConfig viaProxy = new DbConfig("jdbc:postgresql://127.0.0.1:" + proxy.port() + server.getRawPath(),
                    db.config.user(), db.config.password(), 4, Duration.ofSeconds(1), db.config.schema());
            try (LogCapture log = LogCapture.info("ramal.records");
                 Records r = Records.open(settings(), viaProxy, tmp.resolve("spool"), tmp.resolve("files"))) {
                int calls = 2_000;
                int perPhase = calls / 4;
                int n = 0;
                for (; n < perPhase; n++) { // before the cut
                    offer(r, n);
                }
                proxy.cut();
                long cutAt = System.nanoTime();
                // 10 s without the database, records arriving all along
                while (n < 3 * perPhase) {
                    offer(r, n++);
                    if (n % 50 == 0) { // spread over the outage, as calls end
                        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
                    }
                }
                Await.until(Duration.ofSeconds(20), () -> "store down seen: " + log.messages(),
                        () -> log.has("pool=call-records store down"));
                long left = Duration.ofSeconds(10).toNanos() - (System.nanoTime() - cutAt);
                if (left > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(left);
                }
                proxy.restore();
                for (; n < calls; n++) { // after it is back
                    offer(r, n);
                }
                Await.until(Duration.ofSeconds(60), () -> "every record in, now calls=" + safeCount(),
                        () -> safeCount() == calls && safeEvents() == 3L * calls);
                assertTrue(log.has("pool=call-records store back"), log.messages().toString());
                Await.until(Duration.ofSeconds(10), "spool drained", () -> r.backlog() == 0);
            }
            assertEquals(2_000, count("call_records"));
            assertEquals(6_000, count("queue_events"));
        }
    }

    private static void offer(Records r, int i) {
        r.calls().ended(call(i));
        r.queueEvents().on(event(i, QueueEvent.Type.ENTER));
        r.queueEvents().on(event(i, QueueEvent.Type.CONNECT));
        r.queueEvents().on(event(i, QueueEvent.Type.COMPLETE_BY_CALLER));
    }

    private long safeEvents() {
        try {
            return count("queue_events");
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void noJdbcCallEverRunsOnAnEventLoop() throws Exception {
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        org.postgresql.ds.PGSimpleDataSource real = new org.postgresql.ds.PGSimpleDataSource();
        real.setURL(db.config.url());
        real.setUser(db.config.user());
        real.setPassword(db.config.password());
        javax.sql.DataSource watched = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (p, m, a) -> {
                    if (m.getName().equals("getConnection")) {
                        threads.add((ThreadExecutorMap.currentExecutor() != null ? "EVENT-LOOP " : "")
                                + Thread.currentThread().getName());
                    }
                    try {
                        return m.invoke(real, a);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (Records r = Records.open(settings(), db.config, tmp.resolve("spool"), tmp.resolve("files"), watched);
             io.ramal.gateway.testing.TestGateway gw = new io.ramal.gateway.testing.TestGateway(
                     io.ramal.gateway.handler.Handlers.withEcho(), io.ramal.gateway.testing.TestGateway.shortTimeouts(),
                     2, r.calls())) {
            int port = io.ramal.gateway.testing.TestGateway.port(gw.bindEcho("9000"));
            for (int i = 0; i < 20; i++) {
                try (io.ramal.gateway.client.AudioSocketClient c = io.ramal.gateway.client.AudioSocketClient.connect(
                        "127.0.0.1", port)) {
                    c.sendId(UUID.randomUUID());
                    byte[] frame = new byte[320];
                    for (int f = 0; f < 5; f++) {
                        c.sendAudio(io.ramal.gateway.codec.AudioSocketKind.AUDIO_8K, frame, 0, frame.length);
                    }
                    c.send(io.ramal.gateway.codec.AudioSocketKind.HANGUP, new byte[0], 0, 0);
                }
            }
            Await.until(Duration.ofSeconds(20), () -> "20 echo calls recorded, now " + safeCount(),
                    () -> safeCount() == 20);
        }
        assertTrue(!threads.isEmpty());
        assertTrue(threads.stream().noneMatch(t -> t.startsWith("EVENT-LOOP")), threads.toString());
    }
}
