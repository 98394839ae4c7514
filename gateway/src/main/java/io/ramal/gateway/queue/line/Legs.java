package io.ramal.gateway.queue.line;

import io.ramal.gateway.queue.audio.Bridge;
import io.ramal.gateway.queue.audio.Bridges;
import io.ramal.gateway.queue.match.MatchListener;
import io.ramal.gateway.queue.match.Overflow;
import io.ramal.gateway.queue.match.Pairing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queue legs on this node, by call id: where the matchmaker's answers (which speak of calls
 * by id only) find their handler. A pairing becomes audio here: the {@link Bridges} make its
 * rings and both legs get the same {@link Bridge}; when the pairing ends, the bridge is torn
 * down. An answer for a call that is not (or no longer) here is dropped: the call has ended, and
 * its leaving is on its way to the matchmaker.
 *
 * <p>Thread-safe: handlers register from their event loops; the answers arrive on the
 * matchmaker's thread, and each line hops to its own loop.
 */
public final class Legs implements MatchListener {

    private static final Logger LOG = LoggerFactory.getLogger(Legs.class);

    private final Bridges bridges;
    private final Map<UUID, CallerLine> callers = new ConcurrentHashMap<>();
    private final Map<UUID, AttendantLine> attendants = new ConcurrentHashMap<>();

    /** @param bridges makes and tears down the audio of each pairing */
    public Legs(Bridges bridges) {
        this.bridges = bridges;
    }

    /** A caller on this node, before it joins a queue. */
    public void add(CallerLine caller) {
        callers.put(caller.id(), caller);
    }

    /** An attendant on this node, before it logs in. */
    public void add(AttendantLine attendant) {
        attendants.put(attendant.id(), attendant);
    }

    /**
     * The caller's call ended or left the queue handler. Only this very line is removed: a call
     * transferred to another queue handler may already have registered its next one.
     */
    public void remove(CallerLine caller) {
        callers.remove(caller.id(), caller);
    }

    /** The attendant's call ended; only this very line is removed. */
    public void remove(AttendantLine attendant) {
        attendants.remove(attendant.id(), attendant);
    }

    /**
     * This node lost {@code queues}: every leg of this node in them moves to the new owner, and
     * their bridges are torn down (the handlers let go of them as they move).
     */
    public void evict(Collection<String> queues) {
        callers.values().stream().filter(c -> queues.contains(c.queue())).forEach(CallerLine::evict);
        attendants.values().stream().filter(a -> a.queues().stream().anyMatch(queues::contains))
                .forEach(AttendantLine::evict);
        bridges.closeAll(p -> queues.contains(p.queue()));
    }

    /** The bridges of this node's pairings. */
    public Bridges bridges() {
        return bridges;
    }

    @Override
    public void position(UUID caller, int position, int estimateMinutes) {
        CallerLine c = callers.get(caller);
        if (c != null) {
            c.position(position, estimateMinutes);
        }
    }

    @Override
    public void paired(Pairing pairing) {
        Bridge b = bridges.open(pairing);
        CallerLine c = callers.get(pairing.caller());
        AttendantLine a = attendants.get(pairing.attendant());
        if (c == null || a == null) {
            LOG.debug("{} a leg has left already caller-here={} attendant-here={}", pairing, c != null, a != null);
        }
        if (c != null) {
            c.connect(b);
        }
        if (a != null) {
            a.connect(b);
        }
    }

    @Override
    public void requeued(UUID caller, Pairing ended) {
        bridges.close(ended);
        CallerLine c = callers.get(caller);
        if (c != null) {
            c.requeued();
        }
    }

    @Override
    public void completedByAttendant(UUID caller, Pairing ended) {
        CallerLine c = callers.get(caller);
        if (c != null) {
            c.completedByAttendant();
        }
    }

    @Override
    public void overflow(UUID caller, Overflow target) {
        CallerLine c = callers.get(caller);
        if (c != null) {
            c.overflow(target);
        }
    }

    @Override
    public void unpaired(UUID attendant, Pairing ended, String why) {
        Bridge b = bridges.close(ended);
        AttendantLine a = attendants.get(attendant);
        if (a != null && b != null) {
            a.disconnect(b, why);
        }
    }
}
