package io.ramal.gateway.queue.audio;

import io.ramal.gateway.queue.match.Pairing;

/**
 * One conversation's audio between a caller and an attendant on this node: two one-way rings,
 * each written by one side's event loop and read by the other's (see {@link AudioRing} for why
 * rings rather than tasks). Made by {@link Bridges} when the matchmaker's {@link Pairing}
 * reaches the node holding both legs; each handler attaches when the pairing reaches its own
 * loop and lets go when the conversation ends. Never reused.
 *
 * @param pairing     the matchmaker's decision: which caller, which attendant, which queue
 * @param toAttendant the caller's audio: written on the caller's loop, read on the attendant's
 * @param toCaller    the attendant's audio: written on the attendant's loop, read on the caller's
 */
public record Bridge(Pairing pairing, AudioRing toAttendant, AudioRing toCaller) {

    /** A bridge for {@code pairing} whose rings hold {@code ringBytes} each. */
    public static Bridge create(Pairing pairing, int ringBytes) {
        return new Bridge(pairing, new AudioRing(ringBytes), new AudioRing(ringBytes));
    }

    @Override
    public String toString() {
        return pairing.toString();
    }
}
