package io.ramal.extensions.cli;

import io.ramal.extensions.DbConfig;
import io.ramal.extensions.ModeSettingsRegistry;
import io.ramal.extensions.pg.PgExtensionStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code ramal db migrate}: applies the database migrations, as the gateway does at start. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Database maintenance.")
public final class DbCommand {

    private DbCommand() {
    }

    /** The command with its subcommands; {@code db} supplies the configured database. */
    public static CommandLine commandLine(Supplier<DbConfig> db) {
        CommandLine cl = new CommandLine(new DbCommand());
        cl.addSubcommand(new Migrate(db));
        return cl;
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply the schema migrations.")
    static final class Migrate implements Callable<Integer> {
        private final Supplier<DbConfig> db;

        @Spec
        CommandSpec spec;

        Migrate(Supplier<DbConfig> db) {
            this.db = db;
        }

        @Override
        public Integer call() {
            DbConfig cfg = db.get();
            if (!cfg.enabled()) {
                spec.commandLine().getErr().println("ramal db: no database configured (set db.url or RAMAL_DB_URL)");
                return ExtensionsCommand.INVALID;
            }
            try (PgExtensionStore store = new PgExtensionStore(cfg, ModeSettingsRegistry.NONE)) {
                int applied = store.migrate();
                spec.commandLine().getOut().println("database " + cfg.maskedUrl() + " schema " + cfg.schema()
                        + " is up to date, migrations applied now: " + applied);
                spec.commandLine().getOut().flush();
                return 0;
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("ramal db: database " + cfg.maskedUrl() + " cannot be migrated: "
                        + cfg.scrub(PgExtensionStore.rootMessage(e)));
                return ExtensionsCommand.STORE_ERROR;
            }
        }
    }
}
