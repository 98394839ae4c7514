package io.ramal.gateway.queue.match;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a node's matchmaker does when its queues move to another node (its lease ran out, or it
 * stopped): it forgets their state without counting anything, because nobody left. The callers
 * re-enter on the new owner with their arrival times and the attendants log in there again; the
 * new owner's statistics count from then on. Confined to the matchmaker's thread.
 */
final class Handover {

    private static final Logger LOG = LoggerFactory.getLogger(Handover.class);

    private Handover() {
    }

    /**
     * Forgets the queues {@code names}: their waiting, offered and connected callers and every
     * attendant serving one of them (an attendant's queues are one queue group, owned together,
     * so none of its other queues stays behind). The queues keep their settings and counters.
     */
    static void release(Map<String, QueueState> queues, Map<UUID, Waiter> callers, Map<UUID, Attendant> attendants,
                        Collection<String> names) {
        Set<QueueState> gone = new HashSet<>();
        names.forEach(n -> Optional.ofNullable(queues.get(n)).ifPresent(gone::add));
        int waiting = 0;
        for (QueueState q : gone) {
            waiting += q.waiting.size();
            q.waiting.clear();
            q.members.clear();
            q.lastPicked = null;
            q.holdUntil = 0;
        }
        int c = callers.size();
        int a = attendants.size();
        callers.values().removeIf(w -> gone.contains(w.queue));
        attendants.values().removeIf(at -> at.queues.stream().anyMatch(gone::contains));
        LOG.info("queues released queues={} callers={} waiting={} attendants={}", names, c - callers.size(), waiting,
                a - attendants.size());
    }
}
