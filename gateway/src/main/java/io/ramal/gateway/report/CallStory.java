package io.ramal.gateway.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ramal.extensions.LogText;
import io.ramal.gateway.call.CallRecord;
import io.ramal.gateway.records.QueueEventRecord;
import io.ramal.gateway.records.Records;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ramal report call ID}: one call's record and its queue events in time order. Either may
 * be missing (a call still going has no record yet; a call outside the queues has no events).
 *
 * @param id     the call id asked for
 * @param record its record, or null
 * @param events its queue events (those naming it as the caller), in {@link RecordOrder#EVENTS}
 */
public record CallStory(UUID id, CallRecord record, List<QueueEventRecord> events) {

    /** How far around the call's own times its events are looked for. */
    private static final Duration BEFORE = Duration.ofMinutes(1);
    private static final Duration AFTER = Duration.ofHours(1);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    private static final List<ReportTable.Column> EVENT_COLUMNS = List.of(
            new ReportTable.Column("at", "AT", ReportTable.Kind.TEXT),
            new ReportTable.Column("queue", "QUEUE", ReportTable.Kind.TEXT),
            new ReportTable.Column("event", "EVENT", ReportTable.Kind.TEXT),
            new ReportTable.Column("attendant", "ATTENDANT", ReportTable.Kind.TEXT),
            new ReportTable.Column("waited", "WAITED-S", ReportTable.Kind.MILLIS),
            new ReportTable.Column("detail", "DETAIL", ReportTable.Kind.TEXT));

    /** Reads the call's story; the events are looked for around its record's times, everywhere without one. */
    public static CallStory load(RecordSource source, UUID id) throws ReportException {
        CallRecord r = source.call(id).orElse(null);
        List<QueueEventRecord> events = new ArrayList<>();
        source.events(new RecordSource.Events(r == null ? null : r.startedAt().minus(BEFORE),
                r == null ? null : r.endedAt().plus(AFTER), null, id, null), events::add);
        return new CallStory(id, r, List.copyOf(events));
    }

    /** True when nothing was found. */
    public boolean empty() {
        return record == null && events.isEmpty();
    }

    /** The record as "field value" lines, then the events as a table; times in {@code zone}. */
    public String text(ZoneId zone) {
        StringBuilder sb = new StringBuilder();
        if (record == null) {
            sb.append("call ").append(id).append(": no record (still going, or not written)\n");
        } else {
            CallRecord r = record;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("call", r.callId());
            f.put("extension", r.extension() + " (" + r.mode() + ")");
            f.put("remote", r.remote());
            f.put("started", time(r.startedAt(), zone));
            f.put("answered", time(r.answeredAt(), zone));
            f.put("ended", time(r.endedAt(), zone));
            f.put("wait", seconds(r.waitMs()));
            f.put("talk", seconds(r.talkMs()));
            f.put("queue", r.queue());
            f.put("attendant", r.attendant());
            f.put("agent", r.agentUrl());
            f.put("outcome", r.outcome());
            f.put("end reason", r.endReason());
            f.put("hung up by", r.hangupSide());
            f.put("frames", "in " + r.framesIn() + ", out " + r.framesOut() + ", underruns " + r.underruns());
            f.put("transfers", r.transfers().isEmpty() ? null : String.join(", ", r.transfers()));
            f.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-12s", k))
                    .append(v == null ? "-" : LogText.escape(v.toString(), 1024)).append('\n'));
        }
        sb.append('\n');
        if (events.isEmpty()) {
            sb.append("no queue events\n");
        } else {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (QueueEventRecord e : events) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("at", time(e.at(), zone));
                m.put("queue", e.queue());
                m.put("event", e.event());
                m.put("attendant", e.attendant() == null ? null : e.attendant().toString());
                m.put("waited", e.waitedMs());
                m.put("detail", e.detail().get("text") == null ? null : e.detail().get("text").toString());
                rows.add(m);
            }
            sb.append(new ReportTable(EVENT_COLUMNS, rows).table());
        }
        sb.append("times in ").append(zone).append('\n');
        return sb.toString();
    }

    /** {@code {"call": <record or null>, "queue_events": [...]}}, records as the files hold them. */
    public String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("call", record);
        m.put("queue_events", events);
        try {
            return Records.json().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("call cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String time(Instant t, ZoneId zone) {
        return t == null ? null : TIME.format(t.atZone(zone));
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
