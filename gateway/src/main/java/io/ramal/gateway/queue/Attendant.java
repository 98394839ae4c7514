package io.ramal.gateway.queue;

import java.util.ArrayList;
import java.util.List;

/**
 * An attendant as the matchmaker sees it: state, queues, since when idle, current caller.
 * Confined to the matchmaker's thread.
 */
final class Attendant {

    /** What an attendant is doing. */
    enum State { FREE, BUSY, WRAP_UP, PAUSED }

    final AttendantLine line;
    final List<QueueState> queues = new ArrayList<>();
    State state = State.FREE;
    boolean pauseWanted;
    long idleSince;
    long wrapUntil;
    int calls;
    Waiter partner;

    Attendant(AttendantLine line) {
        this.line = line;
    }
}
