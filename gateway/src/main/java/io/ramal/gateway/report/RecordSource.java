package io.ramal.gateway.report;

import io.ramal.gateway.call.CallRecord;
import io.ramal.gateway.records.QueueEventRecord;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads the records the gateway wrote, from PostgreSQL ({@link PgRecordSource}) or the daily
 * JSON-lines files ({@link FilesRecordSource}), each record once and in {@link RecordOrder}: the
 * reports aggregate whatever a source hands them the same way. Blocking: never on an event loop.
 */
public interface RecordSource extends AutoCloseable {

    /**
     * Which calls: started in {@code [from, to)}, of one extension when not null, strictly after
     * {@code after} when not null, at most {@code limit}.
     */
    record Calls(Instant from, Instant to, String extension, Cursor after, int limit) {

        /** Every call of the window, of {@code extension} when not null. */
        public static Calls of(Window w, String extension) {
            return new Calls(w.from(), w.to(), extension, null, Integer.MAX_VALUE);
        }
    }

    /**
     * Which queue events: at in {@code [from, to)} (either bound null for none), of one queue, one
     * caller and some event names, each when not null.
     */
    record Events(Instant from, Instant to, String queue, UUID callId, Set<String> names) {
    }

    /** Hands each call of {@code q} to {@code each}, in {@link RecordOrder#CALLS}. */
    void calls(Calls q, Consumer<CallRecord> each) throws ReportException;

    /** Hands each queue event of {@code q} to {@code each}, in {@link RecordOrder#EVENTS}. */
    void events(Events q, Consumer<QueueEventRecord> each) throws ReportException;

    /** The record of call {@code id}, if written. */
    Optional<CallRecord> call(UUID id) throws ReportException;

    /** Where it reads, for the reports' last line: {@code postgres url=... schema=...} or {@code files dir=...}. */
    String describe();

    /** Lines that could not be read (a file cut short by a crash), to tell the reader; empty for the database. */
    default java.util.List<String> warnings() {
        return java.util.List.of();
    }

    @Override
    void close();
}
