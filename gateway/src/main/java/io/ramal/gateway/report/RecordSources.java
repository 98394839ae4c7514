package io.ramal.gateway.report;

import com.zaxxer.hikari.HikariDataSource;
import io.ramal.extensions.DbConfig;
import io.ramal.extensions.pg.DbPools;
import io.ramal.gateway.config.RamalConfig;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Opens the records the configuration points at, as the gateway writes them: the database when
 * {@code db.url} is set, else the files under {@code records.files-dir}.
 */
public final class RecordSources {

    private RecordSources() {
    }

    /**
     * For a command that runs once: a plain connection per query, no pool (no pool threads, no
     * pool log lines on the command's output).
     *
     * @throws ReportException when {@code db.url} is not a PostgreSQL URL
     */
    public static RecordSource forCommand(RamalConfig config) throws ReportException {
        DbConfig db = config.db();
        if (!db.enabled()) {
            return new FilesRecordSource(config.resolve(config.records().filesDir()));
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        try {
            ds.setURL(db.url());
        } catch (RuntimeException e) {
            // The driver's message quotes the whole URL, password included.
            throw new ReportException("db.url " + db.maskedUrl() + " is not a PostgreSQL JDBC URL");
        }
        if (!db.user().isEmpty()) {
            ds.setUser(db.user());
        }
        if (!db.password().isEmpty()) {
            ds.setPassword(db.password());
        }
        int seconds = (int) Math.max(1, db.connectTimeout().toSeconds());
        ds.setConnectTimeout(seconds);
        ds.setLoginTimeout(seconds);
        ds.setApplicationName("ramal-report");
        return new PgRecordSource(ds, db, () -> { });
    }

    /** For the admin server: a pool of two connections, connected on first use. */
    public static RecordSource forServer(RamalConfig config) {
        DbConfig db = config.db();
        if (!db.enabled()) {
            return new FilesRecordSource(config.resolve(config.records().filesDir()));
        }
        HikariDataSource pool = DbPools.open(db, "ramal-admin-calls", 2);
        return new PgRecordSource(pool, db, pool::close);
    }
}
