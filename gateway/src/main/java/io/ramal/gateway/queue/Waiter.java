package io.ramal.gateway.queue;

/**
 * A caller as the matchmaker sees it: where it waits, since when, who it is paired with.
 * Confined to the matchmaker's thread.
 */
final class Waiter {

    /** Where a caller stands with the matchmaker. */
    enum State { WAITING, OFFERED, CONNECTED }

    final CallerLine line;
    final QueueSettings settings;
    final long seq;
    final int hops;
    boolean requeued;
    QueueState queue;
    State state = State.WAITING;
    long waitStart;
    Attendant partner;
    Bridge bridge;
    long connectedAt;
    int lastPosition;
    long lastAnnounceAt;

    Waiter(CallerLine line, QueueSettings settings, long seq, int hops, boolean requeued) {
        this.line = line;
        this.settings = settings;
        this.seq = seq;
        this.hops = hops;
        this.requeued = requeued;
    }
}
