package io.ramal.gateway.queue.line;

import io.ramal.gateway.queue.audio.Bridge;

import java.util.List;
import java.util.UUID;

/**
 * What a logged-in attendant on this node is told, once {@link Legs} has found it by id and,
 * for a pairing, made its {@link Bridge}. Called on the matchmaker's thread: an implementation
 * hands the work to the call's event loop and returns at once.
 */
public interface AttendantLine {

    /** The attendant's call id. */
    UUID id();

    /** The call's log prefix. */
    String label();

    /** Paired with a caller: play the connect tone, then relay through {@code bridge}. */
    void connect(Bridge bridge);

    /** The conversation of {@code bridge} is over ({@code why}); wait for the next caller. */
    void disconnect(Bridge bridge, String why);

    /** The queues this attendant serves (one queue group). */
    List<String> queues();

    /** Its queues left this node: the attendant logs in with the new owner. */
    void evict();
}
