package io.ramal.gateway.queue.match;

import java.util.Objects;
import java.util.UUID;

/**
 * A caller paired with an attendant: the matchmaker's decision, by call id only, so that it
 * can travel to the node that holds the two legs (which makes the audio rings that carry the
 * conversation). Never reused: the id tells a stale message from the current one.
 *
 * @param id        unique within the matchmaker, for logs and staleness
 * @param queue     the queue the caller was served from
 * @param caller    the caller's call id
 * @param attendant the attendant's call id
 */
public record Pairing(long id, String queue, UUID caller, UUID attendant) {

    public Pairing {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(attendant, "attendant");
    }

    /** As logs and queue events name it: {@code bridge#7[queue caller=... attendant=...]}. */
    @Override
    public String toString() {
        return "bridge#" + id + "[" + queue + " caller=" + caller + " attendant=" + attendant + "]";
    }
}
