package io.ramal.gateway.records;

import io.ramal.gateway.queue.match.QueueEvent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One queue transition as written down: a row of {@code queue_events}. Its id is drawn when the
 * event happens, so a record replayed from the spool is the same row, kept once.
 *
 * @param eventId   unique id, the row's key
 * @param at        when it happened
 * @param queue     the queue
 * @param callId    the caller's call id, null for attendant events
 * @param attendant the attendant's call id, null for caller-only events
 * @param event     {@code enter}, {@code connect}, {@code abandon}, {@code timeout}, {@code overflow},
 *                  {@code complete-by-caller}, {@code complete-by-attendant}, {@code requeue}, {@code login},
 *                  {@code logout}, {@code pause}, {@code unpause}
 * @param detail    {@code waited_ms} (how long the caller had waited), {@code service_level_s} (the queue's
 *                  threshold then) and {@code text} (the free text), as jsonb
 */
public record QueueEventRecord(UUID eventId, java.time.Instant at, String queue, UUID callId, UUID attendant,
                               String event, Map<String, Object> detail) {

    public QueueEventRecord {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(event, "event");
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    /** The record of {@code e}, with a fresh id. */
    public static QueueEventRecord of(QueueEvent e) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("waited_ms", e.waited().toMillis());
        d.put("service_level_s", e.serviceLevelSeconds());
        if (!e.detail().isEmpty()) {
            d.put("text", e.detail());
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        // A version 4 UUID without SecureRandom: the matchmaker's thread must never wait for entropy.
        UUID id = new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
        return new QueueEventRecord(id, e.at(), e.queue(), e.caller(), e.attendant(), e.eventName(), d);
    }

    /** {@code waited_ms} of the detail, 0 when absent. */
    public long waitedMs() {
        Object w = detail.get("waited_ms");
        return w instanceof Number n ? n.longValue() : 0;
    }

    /** {@code service_level_s} of the detail, 0 when absent. */
    public int serviceLevelSeconds() {
        Object w = detail.get("service_level_s");
        return w instanceof Number n ? n.intValue() : 0;
    }
}
