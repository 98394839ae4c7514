package io.ramal.gateway.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.internal.ThreadExecutorMap;
import io.ramal.extensions.DbConfig;
import io.ramal.extensions.pg.PgExtensionStore;
import io.ramal.gateway.call.CallRecord;
import io.ramal.gateway.records.QueueEventRecord;
import io.ramal.gateway.records.Records;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads {@code call_records} and {@code queue_events} (migration V4) in the configured schema,
 * streaming rows with a cursor (a month of calls is never held by the driver at once) in
 * {@link RecordOrder}. Every failure becomes a {@link ReportException} saying what to do: a
 * database that cannot be reached, a schema not migrated ({@code ramal db migrate}).
 */
public final class PgRecordSource implements RecordSource {

    private static final String CALL_COLUMNS = "call_id, extension, mode, remote_address, started_at, answered_at,"
            + " ended_at, wait_ms, talk_ms, attendant, queue, agent_url, outcome, end_reason, hangup_side, frames_in,"
            + " frames_out, underruns, transfers";
    private static final String EVENT_COLUMNS = "event_id, at, queue, call_id, attendant, event, detail::text";
    /** Rows fetched per round trip. */
    private static final int FETCH = 1_000;
    /** A report query that runs longer is cancelled: the admin server's thread must come back. */
    private static final int QUERY_TIMEOUT_SECONDS = 120;
    private static final TypeReference<Map<String, Object>> DETAIL = new TypeReference<>() { };

    /** Reads one row. */
    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final DataSource pool;
    private final DbConfig db;
    private final Runnable onClose;
    private final ObjectMapper json = Records.json();

    /**
     * @param pool    connections to {@code db}
     * @param onClose closes what the pool holds (or nothing, when the caller owns it)
     */
    public PgRecordSource(DataSource pool, DbConfig db, Runnable onClose) {
        this.pool = pool;
        this.db = db;
        this.onClose = onClose;
    }

    @Override
    public void calls(Calls q, Consumer<CallRecord> each) throws ReportException {
        StringBuilder sql = new StringBuilder("SELECT " + CALL_COLUMNS + " FROM " + db.schema()
                + ".call_records WHERE started_at >= ? AND started_at < ?");
        List<Object> params = new ArrayList<>(List.of(q.from(), q.to()));
        if (q.extension() != null) {
            sql.append(" AND extension = ?");
            params.add(q.extension());
        }
        if (q.after() != null) {
            sql.append(" AND (started_at, call_id) > (?, ?)");
            params.add(q.after().startedAt());
            params.add(q.after().callId());
        }
        sql.append(" ORDER BY started_at, call_id");
        if (q.limit() != Integer.MAX_VALUE) {
            sql.append(" LIMIT ?");
            params.add(q.limit());
        }
        query("call_records", sql.toString(), params, PgRecordSource::call, each);
    }

    @Override
    public void events(Events q, Consumer<QueueEventRecord> each) throws ReportException {
        StringBuilder sql = new StringBuilder("SELECT " + EVENT_COLUMNS + " FROM " + db.schema()
                + ".queue_events WHERE true");
        List<Object> params = new ArrayList<>();
        if (q.from() != null) {
            sql.append(" AND at >= ?");
            params.add(q.from());
        }
        if (q.to() != null) {
            sql.append(" AND at < ?");
            params.add(q.to());
        }
        if (q.queue() != null) {
            sql.append(" AND queue = ?");
            params.add(q.queue());
        }
        if (q.callId() != null) {
            sql.append(" AND call_id = ?");
            params.add(q.callId());
        }
        if (q.names() != null) {
            sql.append(" AND event = ANY (?)");
            params.add(q.names().toArray(new String[0]));
        }
        sql.append(" ORDER BY at, ").append(RecordOrder.EVENT_RANK_SQL).append(", event_id");
        query("queue_events", sql.toString(), params, this::event, each);
    }

    @Override
    public Optional<CallRecord> call(UUID id) throws ReportException {
        List<CallRecord> found = new ArrayList<>(1);
        query("call_records", "SELECT " + CALL_COLUMNS + " FROM " + db.schema() + ".call_records WHERE call_id = ?",
                List.of(id), PgRecordSource::call, found::add);
        return found.stream().findFirst();
    }

    private <T> void query(String table, String sql, List<Object> params, Row<T> row, Consumer<? super T> each)
            throws ReportException {
        if (ThreadExecutorMap.currentExecutor() != null) {
            throw new IllegalStateException("JDBC on an event loop (" + Thread.currentThread().getName() + ")");
        }
        try (Connection c = pool.getConnection()) {
            // A cursor streams the rows only inside a transaction.
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setFetchSize(FETCH);
                st.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                for (int i = 0; i < params.size(); i++) {
                    bind(c, st, i + 1, params.get(i));
                }
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        each.accept(row.read(rs));
                    }
                }
            } finally {
                rollbackQuietly(c); // read only: nothing to keep
            }
        } catch (SQLException e) {
            throw failure(e, table);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: the query's own failure is the one to report
        }
    }

    private static void bind(Connection c, PreparedStatement st, int i, Object v) throws SQLException {
        if (v instanceof Instant t) {
            st.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        } else if (v instanceof String[] a) {
            st.setArray(i, c.createArrayOf("text", a));
        } else {
            st.setObject(i, v);
        }
    }

    /** What went wrong, said so that the reader knows what to do. */
    private ReportException failure(SQLException e, String table) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = "database " + db.maskedUrl() + " schema " + db.schema();
        String why = db.scrub(PgExtensionStore.rootMessage(e));
        if (state.equals("42P01") || state.equals("3F000")) {
            return new ReportException("table " + db.schema() + "." + table + " does not exist in " + where
                    + ": the records tables come with migration V4__call_records; apply it with `ramal db migrate`", e);
        }
        if (state.startsWith("08") || state.startsWith("57P") || e instanceof SQLTransientConnectionException) {
            return new ReportException(where + " cannot be reached: " + why, e);
        }
        if (state.startsWith("28")) {
            return new ReportException(where + " refused user " + db.user() + ": " + why, e);
        }
        return new ReportException(where + " cannot be read (" + table + ", SQLState " + state + "): " + why, e);
    }

    private static CallRecord call(ResultSet rs) throws SQLException {
        Array a = rs.getArray(19);
        String[] transfers = a == null ? new String[0] : (String[]) a.getArray();
        return new CallRecord(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                instant(rs, 5), instant(rs, 6), instant(rs, 7), rs.getLong(8), rs.getLong(9),
                rs.getObject(10, UUID.class), rs.getString(11), rs.getString(12), rs.getString(13),
                rs.getString(14), rs.getString(15), rs.getLong(16), rs.getLong(17), rs.getLong(18),
                List.of(transfers));
    }

    private QueueEventRecord event(ResultSet rs) throws SQLException {
        UUID id = rs.getObject(1, UUID.class);
        Map<String, Object> detail;
        try {
            detail = json.readValue(rs.getString(7), DETAIL);
        } catch (JsonProcessingException e) {
            throw new SQLException("detail of queue event " + id + " is not a JSON object: " + e.getOriginalMessage(),
                    "22000", e);
        }
        return new QueueEventRecord(id, instant(rs, 2), rs.getString(3), rs.getObject(4, UUID.class),
                rs.getObject(5, UUID.class), rs.getString(6), detail);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    @Override
    public String describe() {
        return "postgres url=" + db.maskedUrl() + " schema=" + db.schema();
    }

    @Override
    public void close() {
        onClose.run();
    }
}
