package io.ramal.extensions.pg;

import io.ramal.extensions.Extension;
import io.ramal.extensions.ExtensionSnapshot;
import io.ramal.extensions.Mode;
import io.ramal.extensions.RejectedExtension;
import io.ramal.extensions.StoreConflictException;
import io.ramal.extensions.cli.ExtensionsCommand;
import io.ramal.extensions.cli.LiveStates;
import io.ramal.extensions.testing.TestDb;
import io.ramal.extensions.testing.TestModes;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database refuses what the gateway refuses (V2's checks), against the real PostgreSQL in a
 * schema of its own; and a schema holding bad rows from before V2 still migrates.
 */
class PgChecksIT {

    private TestDb db;

    @BeforeEach
    void schema() {
        db = TestDb.create();
    }

    @AfterEach
    void drop() throws Exception {
        db.close();
    }

    private void migrate(String target) {
        Flyway.configure().dataSource(db.config.url(), db.config.user(), db.config.password())
                .schemas(db.config.schema()).defaultSchema(db.config.schema()).createSchemas(true)
                .locations("classpath:db/migration").target(target).load().migrate();
    }

    private String insertRefused(String ramal, String bind, String description, String settings) {
        SQLException e = assertThrows(SQLException.class, () -> db.sql("INSERT INTO extensions "
                + "(ramal, bind_address, port, mode, description, settings) VALUES ('" + ramal + "', '" + bind
                + "', 40001, 'echo', '" + description + "', '" + settings + "'::jsonb)"));
        return e.getSQLState() + " " + e.getMessage();
    }

    @Test
    void databaseRefusesBadNamesSpellingsAndSizes() throws Exception {
        migrate("latest");
        // E'...' so that \n is a real line break in the name.
        SQLException nl = assertThrows(SQLException.class, () -> db.sql("INSERT INTO extensions (ramal, port, mode) "
                + "VALUES (E'9\\n2026-01-01 WARN forged', 40001, 'echo')"));
        assertEquals("23514", nl.getSQLState(), nl.getMessage());
        assertTrue(nl.getMessage().contains("extensions_ramal_chars"), nl.getMessage());
        assertTrue(insertRefused("x".repeat(65), "0.0.0.0", "", "{}").contains("extensions_ramal_chars"));
        assertTrue(insertRefused("1", "127.000.000.001", "", "{}").contains("extensions_bind_canonical"));
        assertTrue(insertRefused("1", "0:0:0:0:0:0:0:1", "", "{}").contains("extensions_bind_canonical"));
        assertTrue(insertRefused("1", "LocalHost", "", "{}").contains("extensions_bind_canonical"));
        assertTrue(insertRefused("1", "0.0.0.0", "d".repeat(1025), "{}").contains("extensions_description_size"));
        assertTrue(insertRefused("1", "0.0.0.0", "", "{\"b\": \"" + "y".repeat(140_000) + "\"}")
                .contains("extensions_settings_size"));
        db.sql("INSERT INTO extensions (ramal, bind_address, port, mode, description) "
                + "VALUES ('9*#+-_.a', '::1', 40001, 'echo', '" + "d".repeat(1024) + "')");
        db.sql("INSERT INTO extensions (ramal, bind_address, port, mode) VALUES ('2', 'localhost', 40002, 'echo')");
    }

    @Test
    void storeWritesTheCanonicalAddressSoTheUniqueConstraintHolds() throws Exception {
        try (PgExtensionStore s = PgExtensionStore.open(db.config, TestModes.REGISTRY)) {
            s.add(new Extension("1", "127.000.000.001", 40001, Mode.ECHO, Map.of(), null, true, ""));
            StoreConflictException dup = assertThrows(StoreConflictException.class,
                    () -> s.add(new Extension("2", "127.0.0.1", 40001, Mode.ECHO, Map.of(), null, true, "")));
            assertTrue(dup.getMessage().contains("address 127.0.0.1:40001 is already used"), dup.getMessage());
            assertEquals("127.0.0.1", s.load().extensions().get(0).bind());
        }
    }

    @Test
    void allowAndMaxCallsRoundTripAndABadAllowlistIsRefusedAlone() throws Exception {
        try (PgExtensionStore s = PgExtensionStore.open(db.config, TestModes.REGISTRY)) {
            Extension e = new Extension("1", "127.0.0.1", 40001, Mode.ECHO, Map.of(), null, true, "")
                    .withAdmission(io.ramal.extensions.SourceAllowlist.parse("allow", List.of("127.0.0.1", "fd00::/8")), 4);
            s.add(e);
            assertEquals(List.of(e), s.load().extensions());
            s.update(e.withAdmission(null, 0));
            assertEquals(List.of(e.withAdmission(null, 0)), s.load().extensions());
            db.sql("INSERT INTO extensions (ramal, bind_address, port, mode, allow) "
                    + "VALUES ('2', '127.0.0.1', 40002, 'echo', ARRAY['10.0.0.0/8', 'lan'])");
            ExtensionSnapshot snap = s.load();
            assertEquals(List.of("1"), snap.extensions().stream().map(Extension::ramal).toList());
            assertTrue(snap.rejected().get(0).reason().contains("allow entry 'lan' is invalid"),
                    snap.rejected().toString());
        }
        SQLException neg = assertThrows(SQLException.class, () -> db.sql("INSERT INTO extensions (ramal, port, mode, "
                + "max_calls) VALUES ('3', 40003, 'echo', -1)"));
        assertTrue(neg.getMessage().contains("extensions_max_calls_range"), neg.getMessage());
    }

    @Test
    void badRowsFromBeforeTheChecksMigrateAndAreRefusedByTheGateway() throws Exception {
        migrate("1");
        db.sql("INSERT INTO extensions (ramal, bind_address, port, mode) VALUES (E'9\\nforged', '0.0.0.0', 40001, 'echo')");
        db.sql("INSERT INTO extensions (ramal, bind_address, port, mode) VALUES ('2', '127.000.000.001', 40002, 'echo')");
        db.sql("INSERT INTO extensions (ramal, bind_address, port, mode) VALUES ('3', '127.0.0.1', 40002, 'echo')");
        try (PgExtensionStore s = PgExtensionStore.open(db.config, TestModes.REGISTRY)) {
            ExtensionSnapshot snap = s.load();
            // '2' and '3' are one address; '2' sorts first and serves, '3' is refused.
            assertEquals(List.of("2"), snap.extensions().stream().map(Extension::ramal).toList());
            List<String> refused = snap.rejected().stream().map(RejectedExtension::ramal).toList();
            assertEquals(List.of("3", "9\\nforged"), refused.stream().sorted().toList());
            assertFalse(snap.rejected().stream().anyMatch(r -> r.reason().contains("\n")));
        }
        // Any write of such a row must now pass the checks: fix it or delete it.
        SQLException upd = assertThrows(SQLException.class,
                () -> db.sql("UPDATE extensions SET enabled = false WHERE ramal = '2'"));
        assertEquals("23514", upd.getSQLState());
        db.sql("UPDATE extensions SET bind_address = '127.0.0.2' WHERE ramal = '2'");
        db.sql("DELETE FROM extensions WHERE ramal LIKE E'9\\n%'");
        db.sql("ALTER TABLE extensions VALIDATE CONSTRAINT extensions_ramal_chars");
        db.sql("ALTER TABLE extensions VALIDATE CONSTRAINT extensions_bind_canonical");
    }

    @Test
    void cliRefusesANameWithALineBreakBeforeTheDatabaseSeesIt() throws Exception {
        migrate("latest");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ExtensionsCommand.commandLine(() -> new PgExtensionStore(db.config, TestModes.REGISTRY),
                LiveStates.NONE, TestModes.REGISTRY);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(ExtensionsCommand.INVALID, cl.execute("add", "--ramal", "9\nforged", "--port", "40001",
                "--mode", "echo"));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("ramal '9\\nforged' is invalid"), err.toString());
        try (PgExtensionStore s = new PgExtensionStore(db.config, TestModes.REGISTRY)) {
            assertEquals(0, s.load().extensions().size() + s.load().rejected().size());
        }
    }
}
