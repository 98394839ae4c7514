package io.ramal.gateway.report;

import io.ramal.gateway.call.CallRecord;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@code ramal report calls}: per extension and day (the day the call started), from the call
 * records.
 *
 * <ul>
 *   <li>offered: the calls; answered: those with an answer time (a queue caller an attendant
 *       took; every call of the modes that answer at once); abandoned, overflowed, failed: by
 *       outcome;</li>
 *   <li>wait (average, 90th percentile) and talk (average): of the answered calls ({@code wait_ms}
 *       is 0 outside queues, and for a queue caller runs from the first queue entered to the first
 *       answer);</li>
 *   <li>service level, only for the extensions' queue callers (outcome answered, abandoned or
 *       overflowed): those answered within the threshold of the queue that answered them (its
 *       {@code service_level_s} in that {@code connect} event) divided by all of them; {@code -}
 *       for an extension without queue callers. An answered caller whose connect event is missing
 *       counts as not within.</li>
 * </ul>
 */
public final class CallReport {

    /** The columns, in order. */
    public static final List<ReportTable.Column> COLUMNS = List.of(
            new ReportTable.Column("extension", "EXTENSION", ReportTable.Kind.TEXT),
            new ReportTable.Column("day", "DAY", ReportTable.Kind.TEXT),
            new ReportTable.Column("offered", "OFFERED", ReportTable.Kind.COUNT),
            new ReportTable.Column("answered", "ANSWERED", ReportTable.Kind.COUNT),
            new ReportTable.Column("abandoned", "ABANDONED", ReportTable.Kind.COUNT),
            new ReportTable.Column("overflowed", "OVERFLOWED", ReportTable.Kind.COUNT),
            new ReportTable.Column("failed", "FAILED", ReportTable.Kind.COUNT),
            new ReportTable.Column("wait_avg_s", "WAIT-AVG-S", ReportTable.Kind.MILLIS),
            new ReportTable.Column("wait_p90_s", "WAIT-P90-S", ReportTable.Kind.MILLIS),
            new ReportTable.Column("talk_avg_s", "TALK-AVG-S", ReportTable.Kind.MILLIS),
            new ReportTable.Column("answered_within_threshold", "IN-SL", ReportTable.Kind.COUNT),
            new ReportTable.Column("service_level", "SL", ReportTable.Kind.RATIO));

    private static final Set<String> QUEUE_OUTCOMES = Set.of("answered", "abandoned", "overflowed");

    private record Key(String extension, LocalDate day) {
    }

    private final Window window;
    private final Map<Key, Tally> rows = new TreeMap<>(Comparator.comparing(Key::extension).thenComparing(Key::day));
    /** Each answered caller's threshold, from its first connect event, in seconds. */
    private final Map<UUID, Integer> thresholds = new HashMap<>();

    private CallReport(Window window) {
        this.window = window;
    }

    /** The report of {@code window}, of one extension when {@code extension} is not null. */
    public static ReportTable run(RecordSource source, Window window, String extension) throws ReportException {
        CallReport r = new CallReport(window);
        // A caller is answered after it started: its connect is in the window or up to a day past it.
        source.events(new RecordSource.Events(window.from(), window.to().plus(QueueReport.TALK_LOOKAHEAD), null, null,
                Set.of("connect")), e -> {
                    if (e.callId() != null) {
                        r.thresholds.putIfAbsent(e.callId(), e.serviceLevelSeconds());
                    }
                });
        source.calls(RecordSource.Calls.of(window, extension), r::accept);
        return r.table();
    }

    private void accept(CallRecord c) {
        Tally t = rows.computeIfAbsent(new Key(c.extension(), window.day(c.startedAt())), k -> new Tally());
        t.offered++;
        if (c.answeredAt() != null) {
            t.answered++;
            t.waits.add(c.waitMs());
            t.talks.add(c.talkMs());
        }
        switch (c.outcome()) {
            case "abandoned" -> t.abandoned++;
            case "overflowed" -> t.overflowed++;
            case "failed" -> t.failed++;
            default -> { }
        }
        if (QUEUE_OUTCOMES.contains(c.outcome())) {
            t.ended++;
            Integer limit = thresholds.get(c.callId());
            if (c.outcome().equals("answered") && limit != null && c.waitMs() <= limit * 1000L) {
                t.answeredWithin++;
            }
        }
    }

    private ReportTable table() {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        rows.forEach((k, t) -> out.add(t.row("extension", k.extension(), k.day().toString(), true)));
        return new ReportTable(COLUMNS, out);
    }
}
