package io.ramal.extensions.pg;

import io.ramal.extensions.DbConfig;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The {@code LISTEN} side of the PostgreSQL store, on its own thread ({@code ramal-db-listen}) and
 * its own connection outside the pool: tells {@code onChange} of every notification about this
 * schema's extensions, resyncs once after each (re)connection (changes made while nobody listened
 * sent notifications nobody heard), pings every 5 s so a silent network loss shows, and reconnects
 * with back-off, logging an outage once.
 */
final class NotificationListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PgExtensionStore.class);

    private final DbConfig db;
    private final Properties properties;
    private final Runnable onChange;
    private final Thread thread;
    private volatile boolean closed;

    private NotificationListener(DbConfig db, Properties properties, Runnable onChange) {
        this.db = db;
        this.properties = properties;
        this.onChange = onChange;
        this.thread = new Thread(this::run, "ramal-db-listen");
        thread.setDaemon(true);
    }

    static NotificationListener start(DbConfig db, Properties properties, Runnable onChange) {
        NotificationListener l = new NotificationListener(db, properties, onChange);
        l.thread.start();
        return l;
    }

    private void run() {
        long backoff = 500;
        boolean outage = false;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(db.url(), properties)) {
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + PgExtensionStore.CHANNEL);
                }
                if (outage) {
                    LOG.info("database notifications back url={}", db.maskedUrl());
                    outage = false;
                }
                // Changes made before LISTEN took effect (since the last load, or during an
                // outage) sent notifications nobody heard: resync once now.
                onChange.run();
                backoff = 500;
                PGConnection pg = c.unwrap(PGConnection.class);
                long lastPing = System.nanoTime();
                while (!closed) {
                    PGNotification[] ns = pg.getNotifications(500);
                    if (ns != null && ns.length > 0) {
                        boolean ours = false;
                        for (PGNotification n : ns) {
                            ours |= n.getParameter().startsWith(db.schema() + ":");
                        }
                        if (ours) {
                            onChange.run();
                        }
                    }
                    if (System.nanoTime() - lastPing > 5_000_000_000L) {
                        // A silent network loss shows only when we talk: ask something small.
                        try (Statement st = c.createStatement()) {
                            st.execute("SELECT 1");
                        }
                        lastPing = System.nanoTime();
                    }
                }
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                if (!outage) {
                    outage = true;
                    LOG.warn("database notifications lost url={} cause=\"{}\"; reconnecting with back-off",
                            db.maskedUrl(), db.scrub(e.getMessage()));
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(10_000, backoff * 2);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
