package io.ramal.gateway.records;

import io.netty.util.internal.ThreadExecutorMap;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.List;

/**
 * Writes records into a PostgreSQL table with one batched {@code INSERT ... ON CONFLICT DO
 * NOTHING} per batch, in one transaction: a record written twice (a spool replayed after a kill)
 * is kept once. A failure to reach or use the database is worth retrying; a record the table
 * refuses (a constraint, a value it cannot hold) is not.
 *
 * <p>Never runs on an event loop: it refuses to (a call's thread must never wait on JDBC).
 */
final class PgRecordSink<T> implements RecordSink<T> {

    /** How one kind of record maps onto its table. */
    interface Table<T> {
        /** The insert, with one parameter per column and the conflict clause. */
        String insert(String schema);

        /** Binds {@code r} to the statement's parameters. */
        void bind(PreparedStatement st, T r) throws SQLException;
    }

    private final DataSource pool;
    private final String sql;
    private final Table<T> table;
    private final String description;
    private final Runnable onClose;

    PgRecordSink(DataSource pool, String schema, Table<T> table, String description, Runnable onClose) {
        this.pool = pool;
        this.sql = table.insert(schema);
        this.table = table;
        this.description = description;
        this.onClose = onClose;
    }

    @Override
    public void write(List<T> batch) throws WriteException {
        if (ThreadExecutorMap.currentExecutor() != null) {
            throw new IllegalStateException("JDBC on an event loop (" + Thread.currentThread().getName() + ")");
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement(sql)) {
                for (T r : batch) {
                    table.bind(st, r);
                    st.addBatch();
                }
                st.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            throw new WriteException(message(e), retry(e), e);
        }
    }

    /**
     * Worth retrying: no connection (class 08, or the pool's timeout), the server shutting down
     * or short of resources (57, 53), a conflict between transactions (40), the table not there
     * yet (42P01: the migrations have not run). Anything else is about the records themselves.
     */
    static boolean retry(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (x instanceof SQLTransientException || state == null || state.startsWith("08") || state.startsWith("57")
                    || state.startsWith("53") || state.startsWith("40") || state.equals("42P01")
                    || state.startsWith("XX")) {
                return true;
            }
            if (x.getNextException() == x) {
                break;
            }
        }
        return false;
    }

    private static String message(SQLException e) {
        SQLException next = e.getNextException();
        // A batch failure quotes the whole statement, values and all, then says "was aborted": the
        // reason is the next exception's.
        if (e instanceof java.sql.BatchUpdateException && next != null && next.getMessage() != null) {
            return next.getMessage();
        }
        return e.getMessage();
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool drops it
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        onClose.run();
    }
}
