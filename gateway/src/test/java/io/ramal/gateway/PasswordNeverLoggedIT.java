package io.ramal.gateway;

import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.extensions.pg.PgExtensionStore;
import io.ramal.extensions.testing.TestDb;
import io.ramal.gateway.config.ConfigLoader;
import io.ramal.gateway.testing.ShippedLogging;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway with a database password, given as {@code db.password} and in the URL, through
 * the ways its store fails and the way it works: the database down, a role the server refuses, a
 * database that does not exist, and the real one serving. Everything a real run writes is read
 * back: {@code logs/ramal.log} and {@code logs/status.log} from the shipped logback.xml (stack
 * traces included), the console, and java.util.logging (the JDBC driver's): no password in any.
 */
class PasswordNeverLoggedIT {

    /** In the URL: the driver reads it, the server (trusting loopback) never asks for it. */
    private static final String URL_PASSWORD = "ramal-canary-url-password";

    @TempDir
    Path home;

    private void serve(String url, String user, String schema, String password) throws Exception {
        List<String> flags = List.of("http.port=0", "db.url=" + url, "db.user=" + user, "db.password=" + password,
                "db.schema=" + schema, "db.connect-timeout=1s", "extensions.cache-file=var/cache.json");
        try (Gateway g = Gateway.start(ConfigLoader.load(null, Map.of("RAMAL_HOME", home.toString()), flags))) {
            g.statusLog().report(); // the store line, with its last error
        }
    }

    private static int closedPort() throws Exception {
        return io.ramal.extensions.testing.FreePorts.next();
    }

    @Test
    void noPasswordInAnyLogWhetherTheStoreFailsOrServes() throws Exception {
        List<String> jul = new ArrayList<>();
        Handler julHandler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (jul) {
                    jul.add(new SimpleFormatter().format(r));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        String password;
        try (TestDb db = TestDb.create()) {
            password = db.config.password();
            assertTrue(password.length() >= 4, "a password to look for (RAMAL_TEST_DB_PASSWORD, else TestDb's canary)");
            try (PgExtensionStore s = PgExtensionStore.open(db.config, Modes.SETTINGS)) {
                s.add(new Extension("7001", "127.0.0.1", TestGateway.freePort(), Mode.ECHO, Map.of(), null, true, ""));
            }
            String real = db.config.url();
            String base = real.substring(0, real.lastIndexOf('/') + 1);
            String withPassword = (real.contains("?") ? real + "&" : real + "?") + "password=" + URL_PASSWORD;
            julRoot.addHandler(julHandler);
            PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            try (ShippedLogging logging = ShippedLogging.at(home)) {
                serve("jdbc:postgresql://127.0.0.1:" + closedPort() + "/ramal?password=" + URL_PASSWORD,
                        db.config.user(), db.config.schema(), password);                       // the database down
                serve(withPassword, "ramal_no_such_role", db.config.schema(), password);      // a role refused
                serve(base + "ramal_no_such_database?password=" + URL_PASSWORD, db.config.user(),
                        db.config.schema(), password);                                        // no such database
                serve(withPassword, db.config.user(), db.config.schema(), password);          // serving
            }
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            julRoot.removeHandler(julHandler);
        }
        String ramalLog = Files.readString(home.resolve("logs/ramal.log"));
        String statusLog = Files.readString(home.resolve("logs/status.log"));
        String all = ramalLog + statusLog + console.toString(StandardCharsets.UTF_8) + String.join("", jul);
        // Not vacuous: each failure and the serving store were logged.
        assertTrue(ramalLog.contains("Connection refused"), ramalLog);
        assertTrue(ramalLog.contains("ramal_no_such_role"), ramalLog);
        assertTrue(ramalLog.contains("ramal_no_such_database"), ramalLog);
        assertTrue(ramalLog.contains("listener bound ramal=7001"), ramalLog);
        assertTrue(ramalLog.contains("password=****"), "the URL is logged masked: " + ramalLog);
        assertTrue(statusLog.contains("store kind=postgres up=false"), statusLog);
        for (String secret : List.of(password, URL_PASSWORD)) {
            // The lines that hold it, with it masked: a failing test must not print it either.
            List<String> leaks = all.lines().filter(l -> l.contains(secret)).map(l -> l.replace(secret, "<PASSWORD>")).toList();
            assertTrue(leaks.isEmpty(), "a database password in " + leaks.size() + " log line(s):\n" + String.join("\n", leaks));
        }
    }
}
