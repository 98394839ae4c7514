package io.ramal.gateway.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariDataSource;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.ramal.extensions.DbConfig;
import io.ramal.extensions.pg.DbPools;
import io.ramal.gateway.call.CallRecord;
import io.ramal.gateway.call.CallRecorder;
import io.ramal.gateway.queue.match.QueueEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Call records and queue events, written down for reports and audit: one {@link RecordWriter}
 * each (pools {@code call-records} and {@code queue-events}, sharing {@code records.max-threads-total}),
 * into PostgreSQL when {@code db.url} is set, else into daily JSON-lines files under
 * {@code records.files-dir}. Calls hand their record over through {@link #calls()}, the queues
 * their events through {@link #queueEvents()}: both return at once.
 */
public final class Records implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("ramal.records");

    /** The pools' names: the writers, their spool files and their JSON-lines files. */
    public static final String CALL_RECORDS = "call-records";
    public static final String QUEUE_EVENTS = "queue-events";

    private final RecordWriter<CallRecord> calls;
    private final RecordWriter<QueueEventRecord> events;
    private final RecordsSettings settings;

    private Records(RecordWriter<CallRecord> calls, RecordWriter<QueueEventRecord> events, RecordsSettings settings) {
        this.calls = calls;
        this.events = events;
        this.settings = settings;
    }

    /** The JSON form of records in spool and files (ISO-8601 times). */
    public static ObjectMapper json() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /**
     * Opens the writers and starts their pools: into {@code db} when enabled (its pool connects
     * lazily: records spool until the database answers), else into files under {@code filesDir}.
     */
    public static Records open(RecordsSettings s, DbConfig db, Path spoolDir, Path filesDir) {
        return open(s, db, spoolDir, filesDir, null);
    }

    /** As {@link #open(RecordsSettings, DbConfig, Path, Path)}, through {@code dataSource} when not null (tests wrap it). */
    public static Records open(RecordsSettings s, DbConfig db, Path spoolDir, Path filesDir, DataSource dataSource) {
        ObjectMapper json = json();
        ElasticPool.Budget budget = new ElasticPool.Budget(s.maxThreadsTotal());
        RecordSink<CallRecord> callSink;
        RecordSink<QueueEventRecord> eventSink;
        if (db.enabled() || dataSource != null) {
            HikariDataSource own = dataSource == null ? DbPools.open(db, "ramal-records", s.maxThreadsTotal()) : null;
            DataSource ds = own != null ? own : dataSource;
            String where = "postgres url=" + db.maskedUrl() + " schema=" + db.schema();
            callSink = new PgRecordSink<>(ds, db.schema(), Tables.CALL_RECORDS, where, () -> { });
            eventSink = new PgRecordSink<>(ds, db.schema(), Tables.queueEvents(json), where, () -> {
                if (own != null) {
                    own.close();
                }
            });
        } else {
            ZoneId zone = ZoneId.systemDefault();
            callSink = new JsonLinesSink<>(filesDir, CALL_RECORDS, json, CallRecord::startedAt, zone);
            eventSink = new JsonLinesSink<>(filesDir, QUEUE_EVENTS, json, QueueEventRecord::at, zone);
        }
        RecordWriter<CallRecord> c = new RecordWriter<>(CALL_RECORDS, callSink,
                new Spool<>(spoolDir, CALL_RECORDS, json, CallRecord.class), reject(spoolDir, CALL_RECORDS, json), s,
                budget);
        RecordWriter<QueueEventRecord> e = new RecordWriter<>(QUEUE_EVENTS, eventSink,
                new Spool<>(spoolDir, QUEUE_EVENTS, json, QueueEventRecord.class),
                reject(spoolDir, QUEUE_EVENTS, json), s, budget);
        LOG.info("records writing to {} spool={} jobs-per-worker={} max-threads={} max-threads-total={}",
                callSink.describe(), spoolDir, s.jobsPerWorker(), s.maxThreads(), s.maxThreadsTotal());
        return new Records(c.start(), e.start(), s);
    }

    /** A refused record is kept in {@code <name>.rejected} (JSON lines) for a person to look at. */
    private static <T> java.util.function.Consumer<T> reject(Path dir, String name, ObjectMapper json) {
        Path file = dir.resolve(name + ".rejected");
        return r -> {
            try {
                Files.createDirectories(dir);
                Files.write(file, (json.writeValueAsString(r) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                LOG.error("pool={} rejected record could not be kept file={} record=\"{}\"", name, file, r, e);
            }
        };
    }

    /** Where calls hand over their records. */
    public CallRecorder calls() {
        return calls::offer;
    }

    /** Where the queues hand over their events. */
    public QueueEvents queueEvents() {
        return e -> events.offer(QueueEventRecord.of(e));
    }

    /** The status log's line per pool: threads, backlog, written, spooled, store state. */
    public List<String> statusLines() {
        return List.of(line(calls), line(events));
    }

    private static String line(RecordWriter<?> w) {
        return "records pool=" + w.name() + " threads=" + w.threads() + " backlog=" + w.backlog() + " written="
                + w.written() + " spool-pending=" + w.spoolPending() + " rejected=" + w.rejected() + " store-up="
                + !w.down();
    }

    /** Registers the pools' size, backlog and totals in {@code /metrics}, label {@code pool}. */
    public void register(PrometheusRegistry registry) {
        gauge(registry, "ramal_records_threads", "Writer threads of the pool now.", RecordWriter::threads);
        gauge(registry, "ramal_records_backlog", "Records not yet in the store: in memory, being written, spooled.",
                RecordWriter::backlog);
        gauge(registry, "ramal_records_spool_pending", "Records waiting in the spool file.", RecordWriter::spoolPending);
        gauge(registry, "ramal_records_store_up", "1 while the pool's store takes writes.", w -> w.down() ? 0 : 1);
        counter(registry, "ramal_records_written", "Records written to the store.", RecordWriter::written);
        counter(registry, "ramal_records_spooled", "Records that went through the spool file.",
                RecordWriter::spooledTotal);
        counter(registry, "ramal_records_rejected", "Records the store refused, set aside in <pool>.rejected.",
                RecordWriter::rejected);
    }

    private void gauge(PrometheusRegistry r, String name, String help, ToDoubleFunction<RecordWriter<?>> f) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("pool").callback(cb -> {
            cb.call(f.applyAsDouble(calls), CALL_RECORDS);
            cb.call(f.applyAsDouble(events), QUEUE_EVENTS);
        }).register(r);
    }

    private void counter(PrometheusRegistry r, String name, String help, ToDoubleFunction<RecordWriter<?>> f) {
        CounterWithCallback.builder().name(name).help(help).labelNames("pool").callback(cb -> {
            cb.call(f.applyAsDouble(calls), CALL_RECORDS);
            cb.call(f.applyAsDouble(events), QUEUE_EVENTS);
        }).register(r);
    }

    /** Writer threads of pool {@code name} ({@link #CALL_RECORDS} or {@link #QUEUE_EVENTS}) now. */
    public long threads(String name) {
        return (name.equals(CALL_RECORDS) ? calls : events).threads();
    }

    /** Records written to the store by both pools since start. */
    public long written() {
        return calls.written() + events.written();
    }

    /** Backlog of both pools (for tests and the stop line). */
    public long backlog() {
        return calls.backlog() + events.backlog();
    }

    /** Writes what it can within {@code records.drain-timeout} per pool, spools the rest, closes the store. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        calls.close(deadline);
        events.close(deadline);
    }
}
