package io.ramal.gateway.queue;

import java.util.UUID;

/**
 * One conversation between a caller and an attendant: two one-way audio rings, each written by
 * one side's event loop and read by the other's (see {@link AudioRing} for why rings rather
 * than tasks). Made by the matchmaker when it pairs the two; each handler attaches when the
 * pairing reaches its own loop and lets go when the conversation ends. Never reused.
 *
 * @param id          for logs and to tell a stale message from the current one
 * @param queue       the queue the caller was served from
 * @param caller      the caller's call id
 * @param attendant   the attendant's call id
 * @param toAttendant the caller's audio: written on the caller's loop, read on the attendant's
 * @param toCaller    the attendant's audio: written on the attendant's loop, read on the caller's
 */
public record Bridge(long id, String queue, UUID caller, UUID attendant, AudioRing toAttendant,
                     AudioRing toCaller) {

    /** A bridge whose rings hold {@code ringBytes} each. */
    public static Bridge create(long id, String queue, UUID caller, UUID attendant, int ringBytes) {
        return new Bridge(id, queue, caller, attendant, new AudioRing(ringBytes), new AudioRing(ringBytes));
    }

    @Override
    public String toString() {
        return "bridge#" + id + "[" + queue + " caller=" + caller + " attendant=" + attendant + "]";
    }
}
