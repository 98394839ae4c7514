package io.ramal.gateway.queue.match;

import java.util.Comparator;
import java.util.UUID;

/**
 * A caller as the matchmaker sees it: where it waits, since when, who it is paired with.
 * Confined to the matchmaker's thread.
 */
final class Waiter {

    /** Where a caller stands with the matchmaker. */
    enum State { WAITING, OFFERED, CONNECTED }

    /**
     * Requeued first, then higher priority, then arrival order: the arrival time (which a caller
     * relayed from another node brings with it, so the order survives a change of owner node),
     * then the order the matchmaker saw them in.
     */
    static final Comparator<Waiter> ORDER = Comparator.<Waiter>comparingInt(w -> w.requeued ? 0 : 1)
            .thenComparing(Comparator.<Waiter>comparingInt(w -> w.settings.priority()).reversed())
            .thenComparingLong(w -> w.arrivedAt)
            .thenComparingLong(w -> w.seq);

    final UUID id;
    final String label;
    final QueueRules settings;
    final long seq;
    /** When the caller first joined a queue (epoch ms): on any node, before any change of owner. */
    final long arrivedAt;
    final int hops;
    boolean requeued;
    QueueState queue;
    State state = State.WAITING;
    long waitStart;
    Attendant partner;
    Pairing pairing;
    long connectedAt;
    int lastPosition;
    long lastAnnounceAt;

    Waiter(UUID id, String label, QueueRules settings, long seq, long arrivedAt, int hops, boolean requeued) {
        this.id = id;
        this.arrivedAt = arrivedAt;
        this.label = label;
        this.settings = settings;
        this.seq = seq;
        this.hops = hops;
        this.requeued = requeued;
    }
}
