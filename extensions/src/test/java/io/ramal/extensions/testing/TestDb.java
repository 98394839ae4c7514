package io.ramal.extensions.testing;

import io.ramal.extensions.DbConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real PostgreSQL the database tests use, each test class in a schema of its own that is
 * dropped afterwards, so runs never collide. Defaults to the local server; override with
 * {@code RAMAL_TEST_DB_URL}, {@code RAMAL_TEST_DB_USER}, {@code RAMAL_TEST_DB_PASSWORD}.
 * Without a reachable server the test fails saying so: it never skips.
 *
 * <p>Without {@code RAMAL_TEST_DB_PASSWORD} the password is {@link #CANARY_PASSWORD}: the local
 * server trusts loopback and never asks for it, but every test hands it to the code under test
 * as a real one, so {@code .ci/no-secrets-in-logs} can look for it in every log of the run.
 */
public final class TestDb implements AutoCloseable {

    /** The password the tests use unless told another: recognisable, so a log that prints it is found. */
    public static final String CANARY_PASSWORD = "ramal-canary-db-password";

    public final DbConfig config;

    private TestDb(DbConfig config) {
        this.config = config;
    }

    /** Creates a fresh schema name (the store's migration creates the schema). */
    public static TestDb create() {
        Map<String, String> env = System.getenv();
        String url = env.getOrDefault("RAMAL_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = env.getOrDefault("RAMAL_TEST_DB_USER", "postgres");
        String password = env.getOrDefault("RAMAL_TEST_DB_PASSWORD", CANARY_PASSWORD);
        String schema = "ramal_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        DbConfig cfg = new DbConfig(url, user, password, 4, Duration.ofSeconds(3), schema);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.isValid(2);
        } catch (SQLException e) {
            fail("PostgreSQL is not reachable at " + cfg.maskedUrl() + " as " + user + " (" + e.getMessage()
                    + "). The database tests need a real server: start the local one (pg_ctlcluster "
                    + "--skip-systemctl-redirect $(ls /etc/postgresql) main start) or point RAMAL_TEST_DB_URL, "
                    + "RAMAL_TEST_DB_USER and RAMAL_TEST_DB_PASSWORD at yours.");
        }
        return new TestDb(cfg);
    }

    /** Runs SQL in this test's schema. */
    public void sql(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + config.schema());
            st.execute(sql);
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(config.url(), config.user(), config.password());
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + config.schema() + " CASCADE");
        }
    }
}
