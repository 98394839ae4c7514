package io.ramal.gateway.queue.match;

import java.util.UUID;

/**
 * The matchmaker's answers, by call id: what each caller and attendant must hear or do next.
 * The node that holds the legs implements it (it finds each leg by id and makes the audio of a
 * pairing); a test records it. Called on the matchmaker's thread, in the order decided: an
 * implementation hands the work on and returns at once, and must not throw.
 */
public interface MatchListener {

    /**
     * The caller's place in the queue (1 = next), on a change and every announce interval.
     *
     * @param estimateMinutes the estimated wait in whole minutes, 0 when no estimate can be made
     */
    void position(UUID caller, int position, int estimateMinutes);

    /** A caller and an attendant are paired: both hear the connect tone, then each other. */
    void paired(Pairing pairing);

    /** The attendant of {@code ended} hung up: the caller is back at the head of the queue. */
    void requeued(UUID caller, Pairing ended);

    /** The attendant ended the conversation {@code ended}: the caller is hung up. */
    void completedByAttendant(UUID caller, Pairing ended);

    /** The queue cannot keep the caller: it goes to {@code target} (a ramal, or goodbye and hangup). */
    void overflow(UUID caller, Overflow target);

    /** The attendant's conversation {@code ended} is over ({@code why}); it waits for the next caller. */
    void unpaired(UUID attendant, Pairing ended, String why);
}
