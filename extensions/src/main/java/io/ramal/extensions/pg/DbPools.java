package io.ramal.extensions.pg;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ramal.extensions.DbConfig;

import java.util.Properties;

/**
 * The HikariCP pools the gateway opens on its database (the extension store's, the record
 * writers'), made one way: lazily connected so the gateway starts with the database down, the
 * driver's connect, login and socket timeouts from {@code db.connect-timeout}, and errors that
 * never quote the password.
 */
public final class DbPools {

    private DbPools() {
    }

    /**
     * A pool named {@code name} (also the connections' {@code application_name}) of at most
     * {@code size} connections. Connects on first use.
     *
     * @throws IllegalArgumentException when the URL cannot be used, with the password masked
     */
    public static HikariDataSource open(DbConfig db, String name, int size) {
        return open(db, name, size, null);
    }

    /**
     * As {@link #open(DbConfig, String, int)}, with every wait bounded by {@code bound} (when not
     * null): the pool's connection and validation timeouts, the driver's connect, login and socket
     * timeouts. For a caller that must hear of a lost database within a deadline of its own (the
     * cluster's leases), rather than after the driver's 30 s socket timeout.
     */
    public static HikariDataSource open(DbConfig db, String name, int size, java.time.Duration bound) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name);
        hc.setJdbcUrl(db.url());
        hc.setUsername(db.user());
        hc.setPassword(db.password());
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(0);
        long connectMs = db.connectTimeout().toMillis();
        if (bound != null) {
            // HikariCP's floor for both is 250 ms.
            connectMs = Math.max(250, Math.min(connectMs, bound.toMillis()));
            hc.setValidationTimeout(connectMs);
        }
        hc.setConnectionTimeout(connectMs);
        // Start even when the database is down: callers retry, or serve from a cache meanwhile.
        hc.setInitializationFailTimeout(-1);
        // Named, not detected: when the detection on the pool's first connection meets a network
        // error, HikariCP keeps -1 and then refuses every connection until restart (HikariCP
        // #1944, #887). Seen here: the records' database cut during its first connection, and the
        // pool never came back. READ COMMITTED is PostgreSQL's default anyway.
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        Properties p = driverProperties(db);
        p.setProperty("ApplicationName", name);
        if (bound != null) {
            // The driver counts these in whole seconds.
            String seconds = Long.toString(Math.max(1, bound.toSeconds()));
            p.setProperty("connectTimeout", seconds);
            p.setProperty("loginTimeout", seconds);
            p.setProperty("socketTimeout", seconds);
        }
        hc.setDataSourceProperties(p);
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            // HikariCP's message quotes the whole URL ("Failed to get driver instance for
            // jdbcUrl=..."): the cause is left out, as its message would print the password.
            throw new IllegalArgumentException("database " + db.maskedUrl() + " cannot be used: "
                    + db.scrub(e.getMessage()));
        }
    }

    /** The driver's timeouts and keep-alive, from {@code db.connect-timeout}. */
    static Properties driverProperties(DbConfig db) {
        Properties p = new Properties();
        long seconds = Math.max(1, db.connectTimeout().toSeconds());
        p.setProperty("connectTimeout", Long.toString(seconds));
        p.setProperty("loginTimeout", Long.toString(seconds));
        p.setProperty("socketTimeout", "30");
        p.setProperty("tcpKeepAlive", "true");
        // A batch of inserts leaves as multi-row statements: several times the rows per second.
        p.setProperty("reWriteBatchedInserts", "true");
        p.setProperty("ApplicationName", "ramal");
        return p;
    }
}
