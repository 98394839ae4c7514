package io.ramal.gateway.queue.match;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One transition of a queue, with its time: what the call-records issue persists and what
 * service level, speed of answer and abandonment are computed from.
 *
 * <p>Each caller who enters a queue ends there with exactly one of {@link Type#ABANDON},
 * {@link Type#TIMEOUT}, {@link Type#OVERFLOW}, {@link Type#COMPLETE_BY_CALLER} or
 * {@link Type#COMPLETE_BY_ATTENDANT}; a {@code TIMEOUT} or {@code OVERFLOW} to another queue is
 * followed by an {@code ENTER} there.
 *
 * @param type      what happened
 * @param at        when (the matchmaker's clock)
 * @param queue     the queue
 * @param caller    the caller's call id, null for attendant-only events
 * @param attendant the attendant's call id, null for caller-only events
 * @param waited    how long the caller had waited when it happened (zero for attendant events)
 * @param detail    free text: an overflow's reason and target, why a conversation ended
 * @param serviceLevelSeconds the queue's {@code service-level-seconds} when it happened (reports judge
 *                  each answer by the threshold of its day)
 */
public record QueueEvent(Type type, Instant at, String queue, UUID caller, UUID attendant, Duration waited,
                         String detail, int serviceLevelSeconds) {

    /** The transitions. */
    public enum Type {
        /** A caller joined the queue. */
        ENTER,
        /** A caller was connected to an attendant (and heard the connect tone). */
        CONNECT,
        /** The caller hung up before being connected. */
        ABANDON,
        /** The caller waited past max-wait and went to the overflow target. */
        TIMEOUT,
        /** The caller found the queue full or without attendants and went to the overflow target. */
        OVERFLOW,
        /** The caller hung up after the conversation. */
        COMPLETE_BY_CALLER,
        /** The attendant ended the conversation with the end digit; the caller was hung up. */
        COMPLETE_BY_ATTENDANT,
        /** The attendant hung up mid-conversation; the caller is back at the head of the queue. */
        REQUEUE,
        /** An attendant logged in (one event per queue). */
        LOGIN,
        /** An attendant's call ended (one event per queue). */
        LOGOUT,
        /** An attendant paused (one event per queue). */
        PAUSE,
        /** An attendant resumed (one event per queue). */
        UNPAUSE;

        /** True for the events that end a caller's stay in a queue. */
        public boolean endsStay() {
            return this == ABANDON || this == TIMEOUT || this == OVERFLOW || this == COMPLETE_BY_CALLER
                    || this == COMPLETE_BY_ATTENDANT;
        }
    }

    public QueueEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(queue, "queue");
        waited = waited == null ? Duration.ZERO : waited;
        detail = detail == null ? "" : detail;
    }

    /** The event's name in logs and records: {@code complete-by-caller}. */
    public String eventName() {
        return type.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
