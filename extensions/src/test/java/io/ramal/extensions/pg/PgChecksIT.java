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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database refuses what the gateway refuses (V2's checks, V6's node names), against the real
 * PostgreSQL in a schema of its own; and a schema holding bad rows from before V2 still migrates.
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
            // A NULL element (V3 checks none) is the parser's to refuse, not a failed load of every row.
            db.sql("INSERT INTO extensions (ramal, bind_address, port, mode, allow) "
                    + "VALUES ('4', '127.0.0.1', 40004, 'echo', ARRAY['10.0.0.0/8', NULL])");
            snap = s.load();
            assertEquals(List.of("1"), snap.extensions().stream().map(Extension::ramal).toList());
            assertTrue(snap.rejected().get(1).reason().contains("allow entry 'null' is invalid"),
                    snap.rejected().toString());
        }
        SQLException neg = assertThrows(SQLException.class, () -> db.sql("INSERT INTO extensions (ramal, port, mode, "
                + "max_calls) VALUES ('3', 40003, 'echo', -1)"));
        assertTrue(neg.getMessage().contains("extensions_max_calls_range"), neg.getMessage());
    }

    @Test
    void v6AddsNodesToRowsFromBeforeItAsEveryNodeAndRefusesBadNamesInSql() throws Exception {
        migrate("4");
        db.sql("INSERT INTO extensions (ramal, bind_address, port, mode) VALUES ('1', '127.0.0.1', 40001, 'echo')");
        try (PgExtensionStore s = PgExtensionStore.open(db.config, TestModes.REGISTRY)) {
            Extension old = s.load().extensions().get(0);
            assertEquals(List.of(), old.nodes());
            assertTrue(old.servesNode("gw-a"));
        }
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(version::int) FROM " + db.config.schema()
                     + ".flyway_schema_history WHERE version NOT LIKE '%.%'")) {
            assertTrue(rs.next());
            assertTrue(rs.getInt(1) >= 6, "applied up to " + rs.getInt(1));
        }
        db.sql("INSERT INTO extensions (ramal, port, mode, nodes) VALUES ('2', 40002, 'echo', ARRAY['gw-a', 'gw_b.2'])");
        for (String bad : List.of("ARRAY['gw a']", "ARRAY['gw-a', NULL]", "ARRAY['']", "ARRAY[repeat('x', 64)]",
                "ARRAY[E'gw\\nWARN forged']", "ARRAY[['gw-a'], ['gw-b']]", "NULL",
                "(SELECT array_agg('gw-' || i) FROM generate_series(1, 65) i)")) {
            SQLException e = assertThrows(SQLException.class, () -> db.sql("INSERT INTO extensions "
                    + "(ramal, port, mode, nodes) VALUES ('3', 40003, 'echo', " + bad + ")"), bad);
            assertTrue(e.getMessage().contains("extensions_node_names") || e.getMessage().contains("not-null"),
                    bad + ": " + e.getMessage());
        }
        db.sql("INSERT INTO extensions (ramal, port, mode, nodes) VALUES ('3', 40003, 'echo', "
                + "(SELECT array_agg('gw-' || i) FROM generate_series(1, 64) i))");
        SQLException upd = assertThrows(SQLException.class,
                () -> db.sql("UPDATE extensions SET nodes = ARRAY['gw a'] WHERE ramal = '1'"));
        assertEquals("23514", upd.getSQLState());
    }

    @Test
    void nodesRoundTripThroughTheStoreAndABadRowIsRefusedAlone() throws Exception {
        try (PgExtensionStore s = PgExtensionStore.open(db.config, TestModes.REGISTRY)) {
            Extension e = new Extension("1", "127.0.0.1", 40001, Mode.ECHO, Map.of(), null, true, "")
                    .withNodes(List.of("gw-b", "gw-a"));
            s.add(e);
            assertEquals(List.of(e), s.load().extensions());
            assertEquals(List.of("gw-b", "gw-a"), s.entry("1").orElseThrow().get("nodes"));
            s.update(e.withNodes(List.of("gw-c")));
            assertEquals(List.of(e.withNodes(List.of("gw-c"))), s.load().extensions());
            s.update(e.withNodes(List.of()));
            assertEquals(List.of(e.withNodes(List.of())), s.load().extensions());
            assertFalse(s.entry("1").orElseThrow().containsKey("nodes"), "every node: no key, as in the file");

            // A row the check did not see (a schema whose check was dropped, a restore without it).
            db.sql("ALTER TABLE extensions DROP CONSTRAINT extensions_node_names");
            db.sql("INSERT INTO extensions (ramal, bind_address, port, mode, nodes) "
                    + "VALUES ('2', '127.0.0.1', 40002, 'echo', ARRAY['gw a'])");
            db.sql("INSERT INTO extensions (ramal, bind_address, port, mode, nodes, enabled) "
                    + "VALUES ('3', '127.0.0.1', 40003, 'echo', ARRAY['gw-a', NULL], false)");
            ExtensionSnapshot snap = s.load();
            assertEquals(List.of("1"), snap.extensions().stream().map(Extension::ramal).toList());
            assertEquals(new RejectedExtension("2", "nodes entry 'gw a' is invalid, allowed: 1-63 of letters, "
                    + "digits and . _ -", true), snap.rejected().get(0));
            assertEquals(new RejectedExtension("3", "nodes entry 'null' is invalid, allowed: a node name of 1-63 of "
                    + "letters, digits and . _ -", false), snap.rejected().get(1));
        }
    }

    @Test
    void cliAddsWithNodesListsThemAndClearsThem() throws Exception {
        migrate("latest");
        assertEquals(0, cli(new StringWriter(), "add", "--ramal", "9100", "--port", "40100", "--mode", "queue",
                "--set", "queue=suporte", "--nodes", "gw-a,gw-b"));
        assertEquals(0, cli(new StringWriter(), "add", "--ramal", "9000", "--port", "40000", "--mode", "echo"));
        StringWriter out = new StringWriter();
        assertEquals(0, cli(out, "list"));
        List<String> lines = out.toString().lines().toList();
        assertEquals("RAMAL  ADDRESS          MODE   NODES      ENABLED  LISTENER  DESCRIPTION / REASON", lines.get(0));
        assertEquals("9000   127.0.0.1:40000  echo   all        yes      -", lines.get(1));
        assertEquals("9100   127.0.0.1:40100  queue  gw-a,gw-b  yes      -", lines.get(2));
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT nodes FROM " + db.config.schema() + ".extensions WHERE ramal = '9100'")) {
            assertTrue(rs.next());
            assertEquals(List.of("gw-a", "gw-b"), List.of((Object[]) rs.getArray(1).getArray()));
        }
        assertEquals(0, cli(new StringWriter(), "update", "9100", "--nodes", ""));
        out = new StringWriter();
        assertEquals(0, cli(out, "list"));
        assertEquals("RAMAL  ADDRESS          MODE   ENABLED  LISTENER  DESCRIPTION / REASON",
                out.toString().lines().findFirst().orElseThrow());
    }

    private int cli(StringWriter out, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = ExtensionsCommand.commandLine(() -> new PgExtensionStore(db.config, TestModes.REGISTRY),
                LiveStates.NONE, TestModes.REGISTRY);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        assertEquals("", err.toString(), String.join(" ", args));
        return code;
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
