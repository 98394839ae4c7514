package io.ramal.bench.cli;

import io.ramal.extensions.DbConfig;
import io.ramal.extensions.ModeSettingsRegistry;
import io.ramal.extensions.pg.PgExtensionStore;
import io.ramal.gateway.call.CallRecord;
import io.ramal.gateway.cli.RamalCommand;
import io.ramal.gateway.records.Records;
import io.ramal.gateway.records.RecordsSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ramal bench-records}: how fast the call-record writer empties a burst into PostgreSQL,
 * and how many threads its elastic pool used, in a schema of its own that it drops afterwards.
 */
@Command(name = "bench-records", mixinStandardHelpOptions = true,
        description = "Enqueue a burst of call records and time the elastic writer pool writing them into PostgreSQL "
                + "(a fresh schema, dropped after).")
public final class BenchRecordsCommand implements RamalCommand, java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--db-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test",
            description = "JDBC URL (default ${DEFAULT-VALUE}); the password from RAMAL_DB_PASSWORD.")
    String url;

    @Option(names = "--db-user", defaultValue = "postgres", description = "Database user (default ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--records", defaultValue = "100000", description = "Records in the burst (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--max-threads", defaultValue = "10", description = "records.max-threads (default ${DEFAULT-VALUE}).")
    int maxThreads;

    @Option(names = "--batch-size", defaultValue = "500", description = "records.batch-size (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Object command() {
        return this;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String password = System.getenv().getOrDefault("RAMAL_DB_PASSWORD", "");
        String schema = "ramal_bench_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        DbConfig db = new DbConfig(url, user, password, 4, Duration.ofSeconds(5), schema);
        PgExtensionStore.open(db, ModeSettingsRegistry.NONE).close();
        Path tmp = Files.createTempDirectory("ramal-bench-records");
        RecordsSettings s = RecordsSettings.from(Map.of("max-threads", maxThreads, "batch-size", batchSize,
                "memory-queue", Math.max(100, count), "evaluate-interval", "1s"));
        try (Records r = Records.open(s, db, tmp.resolve("spool"), tmp.resolve("files"))) {
            Instant day = Instant.parse("2026-12-01T09:00:00Z");
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                Instant t = day.plusMillis(i);
                r.calls().ended(new CallRecord(new UUID(0xBE7CL, i), "9000", "echo", "127.0.0.1:5000", t, t,
                        t.plusSeconds(60), 0, 60_000, null, null, null, "completed", "remote-hangup", "caller", 3000,
                        3000, 0, List.of()));
            }
            long enqueued = System.nanoTime();
            long peak = 0;
            while (r.written() < count) {
                peak = Math.max(peak, r.threads(Records.CALL_RECORDS));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            long done = System.nanoTime();
            double secs = (done - start) / 1e9;
            out.printf("records=%d enqueue-ms=%.1f write-s=%.2f records-per-s=%.0f peak-threads=%d max-threads=%d "
                            + "batch-size=%d%n", count, (enqueued - start) / 1e6, secs, count / secs, peak, maxThreads,
                    batchSize);
        } finally {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        return 0;
    }
}
