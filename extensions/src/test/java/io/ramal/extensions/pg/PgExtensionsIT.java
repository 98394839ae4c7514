package io.ramal.extensions.pg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.extensions.DbConfig;
import io.ramal.extensions.ExtensionManager;
import io.ramal.extensions.ExtensionsConfig;
import io.ramal.extensions.ListenerEvents;
import io.ramal.extensions.ListenerState;
import io.ramal.extensions.ListenerStatus;
import io.ramal.extensions.cli.ExtensionsCommand;
import io.ramal.extensions.cli.LiveStates;
import io.ramal.extensions.ExtensionCache;
import io.ramal.extensions.testing.Await;
import io.ramal.extensions.testing.SocketListenerFactory;
import io.ramal.extensions.testing.TcpProxy;
import io.ramal.extensions.testing.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.ramal.extensions.testing.TestModes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The database path end to end, against the real PostgreSQL, each test in its own schema. */
class PgExtensionsIT {

    @TempDir
    Path dir;

    private TestDb db;
    private LiveStates live = LiveStates.NONE;
    private final List<AutoCloseable> closeLast = new ArrayList<>();

    @BeforeEach
    void schema() throws Exception {
        db = TestDb.create();
        try (PgExtensionStore s = PgExtensionStore.open(db.config, TestModes.REGISTRY)) {
            assertEquals(0, s.load().extensions().size());
        }
    }

    @AfterEach
    void drop() throws Exception {
        for (int i = closeLast.size() - 1; i >= 0; i--) {
            closeLast.get(i).close();
        }
        db.close();
    }

    private static int freePort() {
        return io.ramal.extensions.testing.FreePorts.next();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private ExtensionManager manager(DbConfig cfg, SocketListenerFactory factory, Map<String, String> overrides)
            throws Exception {
        Map<String, Object> m = new java.util.HashMap<>(Map.of("sweep-interval", "1h", "retry-min", "50ms",
                "retry-max", "200ms", "drain-timeout", "30s"));
        m.putAll(overrides);
        ExtensionManager mgr = new ExtensionManager(new PgExtensionStore(cfg, TestModes.REGISTRY), factory,
                ExtensionsConfig.from(m), ListenerEvents.NONE, new ExtensionCache(dir.resolve("cache.json"), TestModes.REGISTRY));
        mgr.start(Duration.ofSeconds(30));
        closeLast.add(() -> mgr.stop(Duration.ZERO));
        return mgr;
    }

    private static ListenerStatus status(ExtensionManager m, String ramal) {
        return m.statuses().stream().filter(s -> s.ramal().equals(ramal)).findFirst().orElse(null);
    }

    private void insert(String ramal, int port) throws Exception {
        db.sql("INSERT INTO extensions (ramal, bind_address, port, mode) VALUES ('" + ramal + "', '127.0.0.1', "
                + port + ", 'echo')");
    }

    @Test
    void insertedRowAcceptsWithinTwoSecondsThenMovesAndCloses() throws Exception {
        ExtensionManager m = manager(db.config, new SocketListenerFactory(), Map.of());
        int p1 = freePort();
        long t0 = System.nanoTime();
        insert("2001", p1);
        Await.until(Duration.ofSeconds(2), "the inserted row's port accepts (NOTIFY, not the 1 h sweep)", () -> accepts(p1));
        System.out.printf("insert-to-accept ms=%d%n", (System.nanoTime() - t0) / 1_000_000);

        int p2 = freePort();
        db.sql("UPDATE extensions SET port = " + p2 + " WHERE ramal = '2001'");
        Await.until(Duration.ofSeconds(2), "the new port accepts", () -> accepts(p2));
        Await.until(Duration.ofSeconds(2), "the old port is closed", () -> !accepts(p1));
        assertEquals(p2, status(m, "2001").extension().port());

        db.sql("DELETE FROM extensions WHERE ramal = '2001'");
        Await.until(Duration.ofSeconds(2), "the deleted row's port is closed", () -> !accepts(p2));
        Await.until(Duration.ofSeconds(2), "the deleted row is gone from the states", () -> status(m, "2001") == null);
    }

    @Test
    void disabledExtensionKeepsItsCallWhileNewCallsAreRefused() throws Exception {
        int port = freePort();
        insert("2002", port);
        ExtensionManager m = manager(db.config, new SocketListenerFactory(), Map.of());
        try (Socket call = new Socket("127.0.0.1", port)) {
            OutputStream out = call.getOutputStream();
            InputStream in = call.getInputStream();
            out.write(1);
            assertEquals(1, in.read());
            db.sql("UPDATE extensions SET enabled = false WHERE ramal = '2002'");
            Await.until(Duration.ofSeconds(2), "draining", () -> status(m, "2002").state() == ListenerState.DRAINING);
            // The state changes as the drain starts; the socket closes on its own loop a moment later.
            Await.until(Duration.ofSeconds(2), "a new call is refused", () -> !accepts(port));
            out.write(2);
            assertEquals(2, in.read(), "the call in progress keeps flowing");
        }
        Await.until(Duration.ofSeconds(2), "stopped once the call ended", () -> status(m, "2002").state() == ListenerState.STOPPED);
    }

    @Test
    void fiftyExtensionsAllStartAtGatewayStart() throws Exception {
        List<Integer> ports = new ArrayList<>();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            int p = freePort();
            ports.add(p);
            values.append(i == 0 ? "" : ",").append("('3").append(String.format("%03d", i)).append("','127.0.0.1',")
                    .append(p).append(",'echo')");
        }
        db.sql("INSERT INTO extensions (ramal, bind_address, port, mode) VALUES " + values);
        SocketListenerFactory f = new SocketListenerFactory();
        long t0 = System.nanoTime();
        ExtensionManager m = manager(db.config, f, Map.of());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("time-to-all-bound extensions=50 ms=%d (store load, 50 parallel binds)%n", ms);
        assertEquals(50, m.statuses().stream().filter(s -> s.state() == ListenerState.BOUND).count());
        for (int p : ports) {
            assertTrue(accepts(p), "port " + p);
        }
    }

    @Test
    void eachKindOfBadRowIsRefusedAloneAndListed() throws Exception {
        int good = freePort();
        int taken = freePort();
        try (ServerSocket squatter = new ServerSocket(taken, 1, InetAddress.getByName("127.0.0.1"))) {
            db.sql("ALTER TABLE extensions DROP CONSTRAINT extensions_known_mode");
            db.sql("ALTER TABLE extensions DROP CONSTRAINT extensions_port_range");
            insert("4000", good);
            db.sql("INSERT INTO extensions (ramal, bind_address, port, mode) VALUES ('4001', '127.0.0.1', " + freePort()
                    + ", 'ivr')");
            db.sql("INSERT INTO extensions (ramal, bind_address, port, mode) VALUES ('4002', '127.0.0.1', 70000, 'echo')");
            db.sql("INSERT INTO extensions (ramal, bind_address, port, mode, settings) VALUES ('4003', '127.0.0.1', "
                    + freePort() + ", 'ai', '{\"url\": 42}')");
            db.sql("INSERT INTO extensions (ramal, bind_address, port, mode, tuning) VALUES ('4004', '127.0.0.1', "
                    + freePort() + ", 'echo', '{\"backlog\": \"lots\"}')");
            db.sql("INSERT INTO extensions (ramal, bind_address, port, mode, settings) VALUES ('4005', '127.0.0.1', "
                    + freePort() + ", 'echo', '[1, 2]')");
            insert("4006", taken);
            ExtensionManager m = manager(db.config, new SocketListenerFactory(), Map.of());

            assertEquals(ListenerState.BOUND, status(m, "4000").state());
            assertTrue(accepts(good));
            Map<String, String> expected = Map.of(
                    "4001", "unknown mode 'ivr'",
                    "4002", "port=70000 is out of range",
                    "4003", "settings.url=42 is invalid for mode ai",
                    "4004", "tuning.backlog=lots is not a whole number",
                    "4005", "settings must be a section",
                    "4006", "Address already in use");
            for (Map.Entry<String, String> e : expected.entrySet()) {
                ListenerStatus s = status(m, e.getKey());
                assertEquals(ListenerState.FAILED, s.state(), e.getKey());
                assertTrue(s.reason().contains(e.getValue()), e.getKey() + ": " + s.reason());
            }

            // The list shows what the running gateway says, as ramal does through /extensions.
            live = () -> {
                Map<String, LiveStates.State> states = new java.util.HashMap<>();
                m.statuses().forEach(st -> states.put(st.ramal(), new LiveStates.State(st.state().name(), st.reason())));
                return states;
            };
            String list = cli("list");
            for (String r : List.of("4001", "4002", "4003", "4004", "4005")) {
                assertTrue(list.lines().anyMatch(l -> l.startsWith(r) && l.contains("REFUSED")
                        && l.contains(expected.get(r))), "listed with its reason: " + r + "\n" + list);
            }
            assertTrue(list.lines().anyMatch(l -> l.startsWith("4006") && l.contains("FAILED")
                    && l.contains("Address already in use")), "the port taken by another process: \n" + list);
            assertTrue(list.lines().anyMatch(l -> l.startsWith("4000") && l.contains("BOUND")), list);
        }
    }

    @Test
    void outageKeepsServingStartsFromCacheAndPicksUpChangesAfter() throws Exception {
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", pgPort())) {
            DbConfig viaProxy = new DbConfig(db.config.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/"),
                    db.config.user(), db.config.password(), 2, Duration.ofSeconds(1), db.config.schema());
            int p1 = freePort();
            insert("5001", p1);
            ExtensionManager first = manager(viaProxy, new SocketListenerFactory(), Map.of("sweep-interval", "300ms"));
            assertTrue(accepts(p1));

            proxy.cut();
            Thread.sleep(1000); // several sweeps fail meanwhile
            assertTrue(accepts(p1), "listeners keep serving while the database is away");
            assertEquals(ListenerState.BOUND, status(first, "5001").state());

            // A second gateway started during the outage serves from the cache the first one wrote.
            first.stop(Duration.ZERO);
            Await.until(Duration.ofSeconds(2), "first gateway's port closed", () -> !accepts(p1));
            ExtensionManager second = manager(viaProxy, new SocketListenerFactory(), Map.of("sweep-interval", "300ms"));
            assertTrue(accepts(p1), "served from the cache file");

            int p2 = freePort();
            insert("5002", p2); // straight to the database: the gateway cannot see it yet
            Thread.sleep(600);
            assertTrue(!accepts(p2));
            proxy.restore();
            Await.until(Duration.ofSeconds(5), "the change made during the outage is picked up", () -> accepts(p2));
            int p3 = freePort();
            insert("5003", p3);
            Await.until(Duration.ofSeconds(3), "notifications work again", () -> accepts(p3));
            assertEquals(ListenerState.BOUND, status(second, "5001").state());
        }
    }

    @Test
    void cliRoundTripWithJson() throws Exception {
        int port = freePort();
        assertEquals("", cliExpect(0, "add", "--ramal", "6001", "--port", Integer.toString(port), "--mode", "queue",
                "--set", "queue=suporte", "--bind", "127.0.0.1", "--description", "fila").replaceAll("added.*\\n", ""));
        JsonNode show = new ObjectMapper().readTree(cliExpect(0, "show", "6001", "--json"));
        assertEquals("suporte", show.get("settings").get("queue").asText());
        assertEquals(port, show.get("port").asInt());
        cliExpect(0, "update", "6001", "--set", "queue=vendas", "--tuning", "receive-buffer=2MiB");
        JsonNode list = new ObjectMapper().readTree(cliExpect(0, "list", "--json"));
        assertEquals(1, list.size());
        assertEquals("vendas", list.get(0).get("settings").get("queue").asText());
        assertEquals(2 * 1024 * 1024, list.get(0).get("tuning").get("receive-buffer").asInt());
        cliExpect(0, "disable", "6001");
        assertEquals("disabled", new ObjectMapper().readTree(cliExpect(0, "show", "6001", "--json")).get("state").asText());
        assertTrue(cliExpectErr(2, "add", "--ramal", "6002", "--port", "70000", "--mode", "echo")
                .contains("port=70000 is out of range"));
        assertTrue(cliExpectErr(2, "add", "--ramal", "6001", "--port", "1", "--mode", "echo")
                .contains("ramal 6001 already exists"));
        assertTrue(cliExpectErr(2, "add", "--ramal", "6004", "--port", Integer.toString(port), "--mode", "echo",
                "--bind", "127.0.0.1").contains("address 127.0.0.1:" + port + " is already used by another extension"));
        assertTrue(cliExpectErr(2, "add", "--ramal", "6003", "--port", "9", "--mode", "queue")
                .contains("settings.queue=null is invalid"));
        cliExpect(0, "remove", "6001");
        assertTrue(cliExpectErr(2, "remove", "6001").contains("does not exist"));
    }

    @Test
    void aRowInsertedWithoutABindAddressListensOnLoopbackNotEveryInterface() throws Exception {
        int port = freePort();
        db.sql("INSERT INTO extensions (ramal, port, mode) VALUES ('7101', " + port + ", 'echo')");
        ExtensionManager m = manager(db.config, new SocketListenerFactory(), Map.of());
        assertEquals(ListenerState.BOUND, status(m, "7101").state());
        assertEquals("127.0.0.1", status(m, "7101").extension().bind());
    }

    @Test
    void refusedRowIsParkedThenRepairedThroughTheCliAndStartsListening() throws Exception {
        int port = freePort();
        db.sql("INSERT INTO extensions (ramal, bind_address, port, mode, settings) VALUES ('7001', '127.0.0.1', "
                + port + ", 'ai', '{\"voice\": \"alloy\"}')");
        ExtensionManager m = manager(db.config, new SocketListenerFactory(), Map.of());
        assertEquals(ListenerState.FAILED, status(m, "7001").state());

        assertTrue(cli("disable", "7001").contains("note: ramal 7001 is refused"));
        Await.until(Duration.ofSeconds(2), "a parked bad row is STOPPED, not an outage",
                () -> status(m, "7001").state() == ListenerState.STOPPED);

        cli("update", "7001", "--set", "url=wss://bot.example/stream");
        cli("enable", "7001");
        Await.until(Duration.ofSeconds(2), "the repaired row listens", () -> accepts(port));
        JsonNode show = new ObjectMapper().readTree(cli("show", "7001", "--json"));
        assertEquals("alloy", show.get("settings").get("voice").asText(), "settings not named on the command line stay");
        assertEquals("wss://bot.example/stream", show.get("settings").get("url").asText());
    }

    @Test
    void unreachableDatabaseIsAStoreErrorExitOne() throws Exception {
        int closed = freePort();
        DbConfig nowhere = new DbConfig("jdbc:postgresql://127.0.0.1:" + closed + "/test", "postgres", "", 1,
                Duration.ofMillis(500), db.config.schema());
        StringWriter err = new StringWriter();
        CommandLine cl = ExtensionsCommand.commandLine(() -> new PgExtensionStore(nowhere, TestModes.REGISTRY),
                TestModes.REGISTRY);
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertEquals(1, cl.execute("list"));
        assertTrue(err.toString().startsWith("ramal extensions: database jdbc:postgresql://127.0.0.1:" + closed),
                err.toString());
    }

    @Test
    void dbMigrateAppliesOnceThenReportsNothingToDo() throws Exception {
        DbConfig fresh = db.config.withSchema(db.config.schema() + "_m");
        closeLast.add(() -> db.sql("DROP SCHEMA IF EXISTS " + fresh.schema() + " CASCADE"));
        // Every migration this build carries, counted rather than written down: another one added
        // beside ours changes nothing here.
        int pending = pendingMigrations(fresh);
        assertTrue(pending >= 6, "pending=" + pending);
        assertTrue(migrate(fresh, 0).endsWith("migrations applied now: " + pending + "\n"));
        assertTrue(migrate(fresh, 0).endsWith("migrations applied now: 0\n"));
        DbConfig nowhere = new DbConfig("jdbc:postgresql://127.0.0.1:" + freePort() + "/test?password=s3cret",
                "postgres", "s3cret", 1, Duration.ofMillis(500), fresh.schema());
        String err = migrate(nowhere, 1);
        assertTrue(err.startsWith("ramal db: database jdbc:postgresql://127.0.0.1:") && !err.contains("s3cret"), err);
    }

    /** The migrations a fresh schema is waiting for, as Flyway finds them on the class path (in the jar). */
    private static int pendingMigrations(DbConfig cfg) {
        return org.flywaydb.core.Flyway.configure().dataSource(cfg.url(), cfg.user(), cfg.password())
                .schemas(cfg.schema()).defaultSchema(cfg.schema()).locations("classpath:db/migration").load()
                .info().pending().length;
    }

    /** Runs {@code db migrate}; returns standard output on success, standard error otherwise. */
    private static String migrate(DbConfig cfg, int code) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = io.ramal.extensions.cli.DbCommand.commandLine(() -> cfg);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(code, cl.execute("migrate"), out + " " + err);
        return code == 0 ? out.toString() : err.toString();
    }

    private String cli(String... args) {
        return cliExpect(0, args);
    }

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ExtensionsCommand.commandLine(() -> new PgExtensionStore(db.config, TestModes.REGISTRY), live,
                TestModes.REGISTRY);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    private String cliExpect(int code, String... args) {
        String[] r = run(args);
        assertEquals(code, Integer.parseInt(r[0]), String.join(" ", args) + " -> " + r[1] + r[2]);
        return r[1];
    }

    private String cliExpectErr(int code, String... args) {
        String[] r = run(args);
        assertEquals(code, Integer.parseInt(r[0]), String.join(" ", args) + " -> " + r[1] + r[2]);
        return r[2];
    }

    private int pgPort() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("//[^/:]+:(\\d+)/").matcher(db.config.url());
        return m.find() ? Integer.parseInt(m.group(1)) : 5432;
    }

    @Test
    void passwordNeverShowsInTheStoreDescription() {
        DbConfig c = new DbConfig("jdbc:postgresql://127.0.0.1:1/db?password=secret&x=1", "u", "secret", 1,
                Duration.ofSeconds(1), "public");
        assertTrue(!c.toString().contains("secret"), c.toString());
        try (PgExtensionStore s = new PgExtensionStore(c, TestModes.REGISTRY)) {
            assertTrue(!s.describe().contains("secret"), s.describe());
            io.ramal.extensions.StoreException e = assertThrows(io.ramal.extensions.StoreException.class, s::load);
            assertTrue(!e.getMessage().contains("secret"), e.getMessage());
        }
        // user:password@ in the URL is refused (the driver would log the password), the refusal masked.
        IllegalArgumentException userinfo = assertThrows(IllegalArgumentException.class,
                () -> new DbConfig("jdbc:postgresql://u:secret@h/db", "u", "", 1, Duration.ofSeconds(1), "public"));
        assertTrue(!userinfo.getMessage().contains("secret"), userinfo.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DbConfig.from(Map.of("url", "mysql://x")));
    }
}
