package io.ramal.gateway.relay;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A node's relay counters, both sides, for {@code /metrics} and the status log: connections the
 * relay port accepted and refused (per {@link RelayRefusal}), and what its relayed legs went
 * through (up, lost, re-entered with an owner, handed back to this node, frames dropped). One
 * per node, shared by the server and every leg on every event loop; counting costs one
 * {@link LongAdder} increment, never a lock, and nothing is counted per frame unless a frame is
 * dropped.
 */
public final class RelayStats {

    private final Map<RelayRefusal, LongAdder> refused = new EnumMap<>(RelayRefusal.class);
    private final LongAdder accepted = new LongAdder();
    private final LongAdder legsUp = new LongAdder();
    private final LongAdder legsLost = new LongAdder();
    private final LongAdder legsReentered = new LongAdder();
    private final LongAdder legsLocal = new LongAdder();
    private final LongAdder droppedUnwritable = new LongAdder();
    private final LongAdder droppedNoOwner = new LongAdder();

    public RelayStats() {
        for (RelayRefusal r : RelayRefusal.values()) {
            refused.put(r, new LongAdder()); // filled once: read without locks afterwards
        }
    }

    /** Connections the relay port refused for {@code reason}. */
    public long refused(RelayRefusal reason) {
        return refused.get(reason).sum();
    }

    /** Relayed legs the relay port accepted and handed to a local call. */
    public long accepted() {
        return accepted.sum();
    }

    /** Legs whose owner answered (the first time, or again after a loss). */
    public long legsUp() {
        return legsUp.sum();
    }

    /** Legs that lost their owner (closed without a hangup, unreachable, not the owner). */
    public long legsLost() {
        return legsLost.sum();
    }

    /** Legs served again by an owner after a loss, keeping their arrival time. */
    public long legsReentered() {
        return legsReentered.sum();
    }

    /** Legs handed to this node's own queue because it became the owner. */
    public long legsLocal() {
        return legsLocal.sum();
    }

    /** Caller frames dropped because the relay connection was above its write high watermark. */
    public long droppedUnwritable() {
        return droppedUnwritable.sum();
    }

    /** Caller frames dropped because no owner was connected (looking for one, or past the connect buffer). */
    public long droppedNoOwner() {
        return droppedNoOwner.sum();
    }

    void countRefused(RelayRefusal reason) {
        refused.get(reason).increment();
    }

    void countAccepted() {
        accepted.increment();
    }

    /** A leg's owner answered; {@code again} after a loss. */
    void countUp(boolean again) {
        legsUp.increment();
        if (again) {
            legsReentered.increment();
        }
    }

    void countLost() {
        legsLost.increment();
    }

    void countLocal() {
        legsLocal.increment();
    }

    void countDroppedUnwritable() {
        droppedUnwritable.increment();
    }

    void countDroppedNoOwner() {
        droppedNoOwner.increment();
    }
}
