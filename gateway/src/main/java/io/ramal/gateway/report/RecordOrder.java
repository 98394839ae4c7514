package io.ramal.gateway.report;

import io.ramal.gateway.call.CallRecord;
import io.ramal.gateway.records.QueueEventRecord;

import java.util.Comparator;
import java.util.UUID;

/**
 * The one order every {@link RecordSource} hands records in, written so that PostgreSQL's
 * {@code ORDER BY} gives the same: calls by start then id, events by time, then enter before
 * connect before the rest (a connect and its end in the same instant stay in that order), then id.
 * Ids compare as PostgreSQL compares {@code uuid}: bytes, unsigned (Java's {@link UUID#compareTo}
 * compares signed longs, which orders differently).
 */
public final class RecordOrder {

    /** The SQL of {@link #EVENTS}' rank, for {@code ORDER BY at, <this>, event_id}. */
    static final String EVENT_RANK_SQL = "CASE event WHEN 'enter' THEN 0 WHEN 'connect' THEN 1 ELSE 2 END";

    private RecordOrder() {
    }

    /** Unsigned byte order, as PostgreSQL's {@code uuid}. */
    public static final Comparator<UUID> IDS = (a, b) -> {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    /** Calls: {@code started_at}, then {@code call_id}. The keyset of {@code /calls}. */
    public static final Comparator<CallRecord> CALLS = Comparator.comparing(CallRecord::startedAt)
            .thenComparing(CallRecord::callId, IDS);

    /** Events: {@code at}, then the rank of the event, then {@code event_id}. */
    public static final Comparator<QueueEventRecord> EVENTS = Comparator.comparing(QueueEventRecord::at)
            .thenComparingInt(e -> rank(e.event())).thenComparing(QueueEventRecord::eventId, IDS);

    static int rank(String event) {
        return switch (event) {
            case "enter" -> 0;
            case "connect" -> 1;
            default -> 2;
        };
    }
}
