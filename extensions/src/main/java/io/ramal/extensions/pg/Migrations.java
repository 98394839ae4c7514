package io.ramal.extensions.pg;

import io.ramal.extensions.DbConfig;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * The schema migrations ({@code classpath:db/migration}, Flyway), applied the one way by every
 * part that needs the tables: the extension store at its start, the cluster on its first contact
 * with the database. Several processes may migrate at once: Flyway serialises them with a lock
 * in the database, and the later ones find nothing left to do.
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /**
     * Applies what is missing in {@code db.schema()}, creating the schema when absent.
     *
     * @return the number of migrations applied now
     */
    public static int apply(DataSource pool, DbConfig db) {
        var result = Flyway.configure().dataSource(pool).schemas(db.schema()).defaultSchema(db.schema())
                .createSchemas(true).locations("classpath:db/migration").load().migrate();
        LOG.info("database migrated url={} schema={} applied={} version={}", db.maskedUrl(), db.schema(),
                result.migrationsExecuted,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : "up-to-date");
        return result.migrationsExecuted;
    }
}
