package io.ramal.gateway.queue.line;

import io.ramal.gateway.queue.audio.Bridge;
import io.ramal.gateway.queue.match.Overflow;

import java.util.UUID;

/**
 * What a waiting caller on this node is told, once {@link Legs} has found it by id and, for a
 * pairing, made its {@link Bridge}. Called on the matchmaker's thread: an implementation hands
 * the work to the call's event loop and returns at once.
 */
public interface CallerLine {

    /** The caller's call id. */
    UUID id();

    /** The call's log prefix. */
    String label();

    /**
     * The caller's place in the queue (1 = next), on a change and every announce interval.
     *
     * @param estimateMinutes the estimated wait in whole minutes, 0 when no estimate can be made
     */
    void position(int position, int estimateMinutes);

    /** Paired with an attendant: play the connect tone, then relay through {@code bridge}. */
    void connect(Bridge bridge);

    /** The attendant hung up: back at the head of the queue; the requeue prompt plays. */
    void requeued();

    /** The attendant ended the conversation: hang up. */
    void completedByAttendant();

    /** The queue cannot keep the caller: go to {@code target} (a ramal, or goodbye and hangup). */
    void overflow(Overflow target);

    /** The caller's queue. */
    String queue();

    /** The queue left this node: the caller moves to the new owner, keeping its arrival time. */
    void evict();
}
