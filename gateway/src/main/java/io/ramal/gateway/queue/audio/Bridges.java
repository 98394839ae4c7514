package io.ramal.gateway.queue.audio;

import io.ramal.gateway.queue.match.Pairing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The bridges open on this node, by pairing: the audio half of the queue, kept apart from the
 * matchmaker, which decides pairings by call id and never touches audio. Told of a pairing, it
 * makes the two rings once; told that the pairing ended, it forgets them (the handlers let go of
 * their reference on their own loops, and the rings are garbage after that).
 *
 * <p>Thread-safe: told by the matchmaker's thread today, by whatever brings the decisions of a
 * remote matchmaker later.
 */
public final class Bridges {

    private final int ringBytes;
    private final Map<Long, Bridge> open = new ConcurrentHashMap<>();

    /** @param ringBytes the size of each direction's ring */
    public Bridges(int ringBytes) {
        new AudioRing(ringBytes); // checks the size now, not at the first pairing
        this.ringBytes = ringBytes;
    }

    /** The bridge of {@code pairing}, made now if it is not open yet. */
    public Bridge open(Pairing pairing) {
        return open.computeIfAbsent(pairing.id(), id -> Bridge.create(pairing, ringBytes));
    }

    /** The open bridge of {@code pairing}, or null. */
    public Bridge get(Pairing pairing) {
        return open.get(pairing.id());
    }

    /** Forgets the bridge of {@code pairing}; returns it, or null when it was not open. */
    public Bridge close(Pairing pairing) {
        return open.remove(pairing.id());
    }

    /** Forgets every bridge whose pairing matches {@code which}. */
    public void closeAll(Predicate<Pairing> which) {
        open.values().removeIf(b -> which.test(b.pairing()));
    }

    /** Bridges open now. */
    public int size() {
        return open.size();
    }
}
