package io.ramal.gateway.queue.match;

import java.util.List;
import java.util.UUID;

/**
 * One queue as a supervisor's wallboard shows it now: who waits and for how long, in order, and
 * what each logged-in attendant is doing, with whom and since when. Taken on the matchmaker's
 * thread, immutable after.
 *
 * @param queue      the queue's name
 * @param waiting    callers waiting, in the order they will be served
 * @param attendants attendants logged in to the queue
 */
public record QueueBoard(String queue, List<Waiting> waiting, List<Member> attendants) {

    public QueueBoard {
        waiting = List.copyOf(waiting);
        attendants = List.copyOf(attendants);
    }

    /**
     * A caller waiting.
     *
     * @param call     the caller's call id
     * @param ramal    the extension the caller dialled
     * @param position 1 = next
     * @param waitedMs time in the queue so far
     */
    public record Waiting(UUID call, String ramal, int position, long waitedMs) {
    }

    /**
     * An attendant.
     *
     * @param call    the attendant's call id
     * @param ramal   the attendant's extension
     * @param state   {@code free}, {@code busy}, {@code wrap-up} or {@code paused}
     * @param with    the caller talking to them (busy), or null
     * @param sinceMs how long they have been in this state (busy: talking; free: idle); 0 when not known
     */
    public record Member(UUID call, String ramal, String state, UUID with, long sinceMs) {
    }

    /** The ramal in a call's log prefix ({@code call=<id> ramal=<name>}), or the prefix itself. */
    static String ramalOf(String label) {
        int i = label.lastIndexOf(" ramal=");
        return i < 0 ? label : label.substring(i + " ramal=".length());
    }
}
