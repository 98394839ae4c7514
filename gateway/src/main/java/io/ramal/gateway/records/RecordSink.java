package io.ramal.gateway.records;

import java.util.List;

/**
 * Where a writer's records end up: PostgreSQL, or daily JSON-lines files without a database.
 * Called by the writer's worker threads only, never an event loop. Writing a record again keeps
 * one copy where the store can tell (the database, by key).
 */
interface RecordSink<T> extends AutoCloseable {

    /** Why a write failed: {@code retry} when the store cannot take writes now, else the records are refused. */
    final class WriteException extends Exception {
        private final boolean retry;

        WriteException(String message, boolean retry, Throwable cause) {
            super(message, cause);
            this.retry = retry;
        }

        /** True when the store is away or busy (try again later); false when it refused the records themselves. */
        boolean retry() {
            return retry;
        }
    }

    /** Writes {@code batch} in one go. */
    void write(List<T> batch) throws WriteException;

    /** Where it writes, for the start-up line: {@code postgres url=... schema=...} or {@code files dir=...}. */
    String describe();

    @Override
    void close();
}
