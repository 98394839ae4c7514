package io.ramal.gateway.report;

import io.ramal.gateway.records.QueueEventRecord;

import java.time.Duration;
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
 * {@code ramal report queues}: per queue and day (the day of each event), from the queue events.
 *
 * <ul>
 *   <li>offered: {@code enter}s (a caller overflowed from another queue is offered to both);</li>
 *   <li>answered: {@code connect}s (a caller answered again after a requeue counts again);</li>
 *   <li>abandoned: {@code abandon}s; overflowed: {@code overflow}s and {@code timeout}s;</li>
 *   <li>wait (average, 90th percentile): the {@code waited_ms} of the {@code connect}s, the speed
 *       of answer;</li>
 *   <li>talk (average): from each {@code connect} to the end of that conversation
 *       ({@code complete-by-caller}, {@code complete-by-attendant} or {@code requeue}), counted on the
 *       day of the connect; conversations still going, or longer than a day past the window, are
 *       left out;</li>
 *   <li>service level: answered within the threshold ({@code waited_ms <= service_level_s * 1000},
 *       the threshold of that queue when the caller was answered), divided by the callers whose wait
 *       ended (answered + abandoned + overflowed): the figure of the status log and of
 *       {@code ramal_queue_answered_within_threshold_total} in {@code /metrics}. Short abandons are
 *       not excluded.</li>
 * </ul>
 * Events arrive in {@link RecordOrder#EVENTS}; only the open conversations and each row's waits
 * and talks are held.
 */
public final class QueueReport {

    /** How far past the window conversations begun in it are followed to their end. */
    static final Duration TALK_LOOKAHEAD = Duration.ofDays(1);
    static final Set<String> NAMES = Set.of("enter", "connect", "abandon", "overflow", "timeout",
            "complete-by-caller", "complete-by-attendant", "requeue");

    /** The columns, in order. */
    public static final List<ReportTable.Column> COLUMNS = List.of(
            new ReportTable.Column("queue", "QUEUE", ReportTable.Kind.TEXT),
            new ReportTable.Column("day", "DAY", ReportTable.Kind.TEXT),
            new ReportTable.Column("offered", "OFFERED", ReportTable.Kind.COUNT),
            new ReportTable.Column("answered", "ANSWERED", ReportTable.Kind.COUNT),
            new ReportTable.Column("abandoned", "ABANDONED", ReportTable.Kind.COUNT),
            new ReportTable.Column("overflowed", "OVERFLOWED", ReportTable.Kind.COUNT),
            new ReportTable.Column("wait_avg_s", "WAIT-AVG-S", ReportTable.Kind.MILLIS),
            new ReportTable.Column("wait_p90_s", "WAIT-P90-S", ReportTable.Kind.MILLIS),
            new ReportTable.Column("talk_avg_s", "TALK-AVG-S", ReportTable.Kind.MILLIS),
            new ReportTable.Column("answered_within_threshold", "IN-SL", ReportTable.Kind.COUNT),
            new ReportTable.Column("service_level", "SL", ReportTable.Kind.RATIO),
            new ReportTable.Column("service_level_threshold_s", "SL-LIMIT", ReportTable.Kind.SECONDS));

    private record Key(String queue, LocalDate day) {
    }

    private record Open(java.time.Instant at, Tally row) {
    }

    private record Stay(String queue, UUID caller) {
    }

    private final Window window;
    private final Map<Key, Tally> rows = new TreeMap<>(Comparator.comparing(Key::queue).thenComparing(Key::day));
    private final Map<Stay, Open> talking = new HashMap<>();

    private QueueReport(Window window) {
        this.window = window;
    }

    /** The report of {@code window}, of one queue when {@code queue} is not null. */
    public static ReportTable run(RecordSource source, Window window, String queue) throws ReportException {
        QueueReport r = new QueueReport(window);
        source.events(new RecordSource.Events(window.from(), window.to().plus(TALK_LOOKAHEAD), queue, null, NAMES),
                r::accept);
        return r.table();
    }

    private void accept(QueueEventRecord e) {
        if (e.callId() == null) {
            return;
        }
        Stay stay = new Stay(e.queue(), e.callId());
        if (window.contains(e.at())) {
            switch (e.event()) {
                case "enter" -> row(e).offered++;
                case "connect" -> {
                    Tally t = row(e);
                    t.answered++;
                    t.ended++;
                    t.waits.add(e.waitedMs());
                    if (e.waitedMs() <= e.serviceLevelSeconds() * 1000L) {
                        t.answeredWithin++;
                    }
                    talking.put(stay, new Open(e.at(), t));
                }
                case "abandon" -> {
                    Tally t = row(e);
                    t.abandoned++;
                    t.ended++;
                }
                case "overflow", "timeout" -> {
                    Tally t = row(e);
                    t.overflowed++;
                    t.ended++;
                }
                default -> { }
            }
        }
        if (e.event().equals("complete-by-caller") || e.event().equals("complete-by-attendant")
                || e.event().equals("requeue")) {
            Open o = talking.remove(stay);
            if (o != null) {
                o.row().talks.add(Math.max(0, Duration.between(o.at(), e.at()).toMillis()));
            }
        }
    }

    private Tally row(QueueEventRecord e) {
        Tally t = rows.computeIfAbsent(new Key(e.queue(), window.day(e.at())), k -> new Tally());
        t.thresholdSeconds = e.serviceLevelSeconds();
        return t;
    }

    private ReportTable table() {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        rows.forEach((k, t) -> out.add(t.row("queue", k.queue(), k.day().toString(), false)));
        return new ReportTable(COLUMNS, out);
    }
}
