package io.ramal.gateway.cli;

import io.ramal.extensions.DbConfig;
import io.ramal.extensions.ModeSettingsRegistry;
import io.ramal.extensions.pg.PgExtensionStore;
import io.ramal.extensions.testing.TestDb;
import io.ramal.gateway.config.ConfigLoader;
import io.ramal.gateway.config.RamalConfig;
import io.ramal.gateway.records.Records;
import io.ramal.gateway.records.RecordsSettings;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.ThreeCallers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ramal report} over PostgreSQL: the three-caller morning written through the real writers
 * into the V4 tables reads back to the same figures, in every format, as from the files
 * ({@link ReportCommandTest}); a schema without the tables and a database that does not answer
 * each get one line saying what to do.
 */
class ReportCommandIT {

    @TempDir
    static Path home;

    private static TestDb db;
    private static RamalConfig config;

    @BeforeAll
    static void writeTheMorning() throws Exception {
        db = TestDb.create();
        try (PgExtensionStore store = new PgExtensionStore(db.config, ModeSettingsRegistry.NONE)) {
            store.migrate();
        }
        config = configFor(db.config);
        try (Records r = Records.open(RecordsSettings.DEFAULTS, db.config, home.resolve("spool"),
                home.resolve("files"))) {
            ThreeCallers.writeThrough(r);
            Await.until(Duration.ofSeconds(20), () -> "every record in the database, backlog=" + r.backlog(),
                    () -> r.backlog() == 0);
        }
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    static RamalConfig configFor(DbConfig d) {
        List<String> flags = new ArrayList<>(List.of("db.url=" + d.url(), "db.user=" + d.user(),
                "db.schema=" + d.schema(), "db.connect-timeout=1s"));
        if (!d.password().isEmpty()) {
            flags.add("db.password=" + d.password());
        }
        return ConfigLoader.load(null, Map.of("RAMAL_HOME", home.toString()), flags);
    }

    private static String withoutFooter(String table) {
        return table.substring(0, table.lastIndexOf('\n', table.length() - 2) + 1);
    }

    @Test
    void theSameFiguresAsFromTheFiles() {
        ReportCommandTest.Run calls = ReportCommandTest.run(config, "calls", "--since", "2026-11-30", "--until",
                "2026-12-01", "--zone", "America/Sao_Paulo");
        assertEquals(0, calls.code(), calls.err());
        assertEquals(ThreeCallers.CALLS_TABLE, withoutFooter(calls.out()));
        assertTrue(calls.out().endsWith(", from postgres url=" + db.config.maskedUrl() + " schema=" + db.config.schema()
                + "\n"), calls.out());
        assertEquals("", calls.err());
        assertEquals(ThreeCallers.CALLS_CSV, ReportCommandTest.run(config, "calls", "--since", "2026-11-30", "--until",
                "2026-12-01", "--zone", "America/Sao_Paulo", "--csv").out());

        ReportCommandTest.Run queues = ReportCommandTest.run(config, "queues", "--since", "2026-11-30", "--until",
                "2026-11-30", "--zone", "America/Sao_Paulo");
        assertEquals(ThreeCallers.QUEUES_TABLE, withoutFooter(queues.out()));
        assertEquals(ThreeCallers.QUEUES_JSON, ReportCommandTest.run(config, "queues", "--since", "2026-11-30",
                "--until", "2026-11-30", "--zone", "America/Sao_Paulo", "--queue", "suporte", "--json").out());
    }

    @Test
    void oneCallAsFromTheFiles() {
        ReportCommandTest.Run r = ReportCommandTest.run(config, "call", ThreeCallers.C2.toString(), "--zone",
                "America/Sao_Paulo");
        assertEquals(0, r.code(), r.err());
        assertEquals(ReportCommandTest.ONE_CALL, r.out());
    }

    @Test
    void aSchemaWithoutTheTablesNamesTheMigration() throws Exception {
        try (TestDb empty = TestDb.create()) {
            ReportCommandTest.Run r = ReportCommandTest.run(configFor(empty.config), "queues");
            assertEquals(1, r.code());
            assertEquals("", r.out());
            assertEquals("ramal report: table " + empty.config.schema() + ".queue_events does not exist in database "
                    + empty.config.maskedUrl() + " schema " + empty.config.schema() + ": the records tables come with"
                    + " migration V4__call_records; apply it with `ramal db migrate`\n", r.err());
        }
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsOneLine() throws Exception {
        int port = io.ramal.extensions.testing.FreePorts.next();
        DbConfig away = new DbConfig("jdbc:postgresql://127.0.0.1:" + port + "/test", "postgres", "", 1,
                Duration.ofSeconds(1), "public");
        ReportCommandTest.Run r = ReportCommandTest.run(configFor(away), "calls");
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("ramal report: database jdbc:postgresql://127.0.0.1:" + port
                + "/test schema public cannot be reached: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
