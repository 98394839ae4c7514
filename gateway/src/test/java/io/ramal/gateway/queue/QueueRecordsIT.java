package io.ramal.gateway.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.extensions.Mode;
import io.ramal.extensions.ModeSettingsRegistry;
import io.ramal.extensions.pg.PgExtensionStore;
import io.ramal.extensions.testing.TestDb;
import io.ramal.gateway.cli.ReportCommand;
import io.ramal.gateway.config.ConfigLoader;
import io.ramal.gateway.config.RamalConfig;
import io.ramal.gateway.queue.line.ExtensionLookup;
import io.ramal.gateway.queue.match.QueueEvent;
import io.ramal.gateway.records.Records;
import io.ramal.gateway.records.RecordsSettings;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a supervisor finds in the database after a small day: three callers in {@code suporte},
 * one gives up while waiting, one attendant serves the other two (ending the first conversation
 * with the end digit, the second caller hanging up). Real calls through the real queue, records
 * through the real writers into the real PostgreSQL.
 */
class QueueRecordsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    @Test
    void threeCallersOneAbandonsTwoServedByOneAttendant() throws Exception {
        List<Phone> phones = new ArrayList<>();
        try (TestDb db = TestDb.create()) {
            PgExtensionStore.open(db.config, ModeSettingsRegistry.NONE).close();
            Records records = Records.open(RecordsSettings.from(Map.of("evaluate-interval", "200ms")), db.config,
                    tmp.resolve("spool"), tmp.resolve("files"));
            Phone c1;
            Phone c2;
            Phone c3;
            Phone a;
            try (QueueRig rig = new QueueRig(tmp, ExtensionLookup.NONE, records.queueEvents(), records.calls());
                 LogCapture log = LogCapture.info("io.ramal.gateway.queue.line.CallerHandler")) {
                int queue = rig.bind("9100", Mode.QUEUE, Map.of("queue", "suporte", "wrap-up", "0",
                        "announce-interval", "0", "service-level-seconds", "20"));
                int agent = rig.bind("9200", Mode.AGENT, Map.of("queues", "suporte"));
                c1 = dial(rig, phones, queue, 7001);
                awaitEvent(rig, c1.id, QueueEvent.Type.ENTER);
                c2 = dial(rig, phones, queue, 7002);
                awaitEvent(rig, c2.id, QueueEvent.Type.ENTER);
                c3 = dial(rig, phones, queue, 7003);
                awaitEvent(rig, c3.id, QueueEvent.Type.ENTER);
                c3.hangUp(); // gives up
                awaitEvent(rig, c3.id, QueueEvent.Type.ABANDON);

                a = dial(rig, phones, agent, 9001);
                Await.until(WAIT, "the attendant talks to caller 1", () -> a.heard().contains(7001));
                a.press('0'); // ends the conversation: caller 1 is hung up by the gateway
                awaitEvent(rig, c1.id, QueueEvent.Type.COMPLETE_BY_ATTENDANT);
                // The attendant's 0 ended a conversation: the caller's line says it was bridged.
                Await.until(WAIT, () -> "caller 1 left bridged: " + log.messages(), () -> log.messages().stream()
                        .anyMatch(m -> m.contains(c1.id.toString()) && m.contains("left reason=local-hangup bridged=true")));
                Await.until(WAIT, "the attendant talks to caller 2", () -> a.heard().contains(7002));
                c2.hangUp();
                awaitEvent(rig, c2.id, QueueEvent.Type.COMPLETE_BY_CALLER);
                a.hangUp();
                Await.until(WAIT, "the attendant logged out", () -> {
                    synchronized (rig.events) {
                        return rig.events.stream().anyMatch(e -> e.type() == QueueEvent.Type.LOGOUT);
                    }
                });
                Await.until(WAIT, "four calls ended", () -> rig.gateway.factory.listeners().values().stream()
                        .allMatch(l -> l.activeCalls() == 0));
            } finally {
                for (Phone p : phones) {
                    p.close();
                }
                records.close(); // writes what is left
            }

            Map<UUID, Map<String, Object>> rows = rows(db, "SELECT * FROM " + db.config.schema() + ".call_records");
            assertEquals(4, rows.size(), rows.toString());
            Map<String, Object> r1 = rows.get(c1.id);
            assertEquals("answered", r1.get("outcome"));
            assertEquals("attendant", r1.get("hangup_side"));
            assertEquals("suporte", r1.get("queue"));
            assertEquals(a.id, r1.get("attendant"));
            assertNotNull(r1.get("answered_at"));
            assertTrue((Long) r1.get("wait_ms") > 0 && (Long) r1.get("talk_ms") > 0, r1.toString());
            Map<String, Object> r2 = rows.get(c2.id);
            assertEquals("answered", r2.get("outcome"));
            assertEquals("caller", r2.get("hangup_side"));
            assertEquals(a.id, r2.get("attendant"));
            assertTrue((Long) r2.get("wait_ms") > (Long) r1.get("wait_ms"), "caller 2 waited through caller 1's talk");
            Map<String, Object> r3 = rows.get(c3.id);
            assertEquals("abandoned", r3.get("outcome"));
            assertEquals("caller", r3.get("hangup_side"));
            assertNull(r3.get("answered_at"));
            assertEquals(0L, r3.get("talk_ms"));
            Map<String, Object> ra = rows.get(a.id);
            assertEquals("agent", ra.get("mode"));
            assertEquals("completed", ra.get("outcome"));
            assertEquals("suporte", ra.get("queue"));

            List<String> events = new ArrayList<>();
            try (Connection c = db.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT event, call_id, attendant FROM " + db.config.schema()
                         + ".queue_events ORDER BY at, event_id")) {
                while (rs.next()) {
                    UUID caller = (UUID) rs.getObject(2);
                    String who = caller == null ? "a" : caller.equals(c1.id) ? "c1" : caller.equals(c2.id) ? "c2" : "c3";
                    events.add(rs.getString(1) + ":" + who);
                }
            }
            List<String> sorted = new ArrayList<>(events);
            Collections.sort(sorted);
            assertEquals(List.of("abandon:c3", "complete-by-attendant:c1", "complete-by-caller:c2", "connect:c1",
                    "connect:c2", "enter:c1", "enter:c2", "enter:c3", "login:a", "logout:a"), sorted, events.toString());
            // What a supervisor's report says of the day: the same three callers.
            RamalConfig cfg = ConfigLoader.load(null, Map.of("RAMAL_HOME", tmp.toString()), List.of(
                    "db.url=" + db.config.url(), "db.user=" + db.config.user(), "db.schema=" + db.config.schema()));
            StringWriter out = new StringWriter();
            CommandLine cl = ReportCommand.commandLine(() -> cfg);
            cl.setOut(new PrintWriter(out));
            assertEquals(0, cl.execute("queues", "--queue", "suporte", "--json"), out.toString());
            JsonNode day = new ObjectMapper().readTree(out.toString()).get(0);
            assertEquals(3, day.get("offered").asInt(), out.toString());
            assertEquals(2, day.get("answered").asInt(), out.toString());
            assertEquals(1, day.get("abandoned").asInt(), out.toString());
            assertEquals(0, day.get("overflowed").asInt(), out.toString());
            assertTrue(events.indexOf("enter:c1") < events.indexOf("connect:c1")
                    && events.indexOf("connect:c1") < events.indexOf("complete-by-attendant:c1")
                    && events.indexOf("complete-by-attendant:c1") <= events.indexOf("connect:c2"), events.toString());
        }
    }

    private static Phone dial(QueueRig rig, List<Phone> phones, int port, int voice) throws Exception {
        Phone p = Phone.dial(port, voice).talk(rig.scheduler, 20);
        phones.add(p);
        return p;
    }

    private static void awaitEvent(QueueRig rig, UUID caller, QueueEvent.Type type) {
        Await.until(WAIT, () -> type + " for " + caller + ", events " + rig.typesOf(caller),
                () -> rig.typesOf(caller).contains(type));
    }

    private static Map<UUID, Map<String, Object>> rows(TestDb db, String sql) throws Exception {
        Map<UUID, Map<String, Object>> out = new LinkedHashMap<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                out.put((UUID) rs.getObject("call_id"), row);
            }
        }
        return out;
    }
}
