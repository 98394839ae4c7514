package io.ramal.gateway.queue.match;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An attendant as the matchmaker sees it: state, queues, since when idle, current caller.
 * Confined to the matchmaker's thread.
 */
final class Attendant {

    /** What an attendant is doing. */
    enum State { FREE, BUSY, WRAP_UP, PAUSED }

    final UUID id;
    final String label;
    final List<QueueState> queues = new ArrayList<>();
    State state = State.FREE;
    boolean pauseWanted;
    long idleSince;
    long wrapUntil;
    int calls;
    Waiter partner;

    Attendant(UUID id, String label) {
        this.id = id;
        this.label = label;
    }

    /** Free, or paused if a pause was asked for meanwhile: after a conversation or a failed pairing. */
    void release() {
        state = pauseWanted ? State.PAUSED : State.FREE;
    }

    /** Ends the wrap-up when it is due at {@code now}. */
    void endWrapUp(long now) {
        if (state == State.WRAP_UP && now >= wrapUntil) {
            release();
            idleSince = now;
        }
    }

    /**
     * Asks for a pause (no new caller once the current conversation ends) or a resume.
     *
     * @return false when nothing changes (already paused, or not paused)
     */
    boolean pause(boolean paused, long now) {
        if (paused) {
            if (pauseWanted || state == State.PAUSED) {
                return false;
            }
            pauseWanted = true;
            if (state == State.FREE) {
                state = State.PAUSED;
            }
        } else {
            if (!pauseWanted && state != State.PAUSED) {
                return false;
            }
            pauseWanted = false;
            if (state == State.PAUSED) {
                state = State.FREE;
                idleSince = now;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return label;
    }
}
