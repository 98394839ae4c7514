package io.ramal.extensions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every listener's current {@link ListenerStatus}: written by the manager's thread only, read by
 * any thread (status log, {@code /health}, the admin CLI). Tells {@link ListenerEvents} of each
 * real change, and of nothing else, so a reconcile that changes nothing is silent.
 */
final class StatusBoard {

    private static final Logger LOG = LoggerFactory.getLogger(StatusBoard.class);

    private final Map<String, ListenerStatus> statuses = new ConcurrentHashMap<>();
    private final ListenerEvents events;

    StatusBoard(ListenerEvents events) {
        this.events = events;
    }

    /** Every status, sorted by ramal. Any thread. */
    List<ListenerStatus> snapshot() {
        List<ListenerStatus> l = new ArrayList<>(statuses.values());
        l.sort(Comparator.comparing(ListenerStatus::ramal));
        return l;
    }

    /** The state of {@code ramal}, or null when it has none. */
    ListenerState state(String ramal) {
        ListenerStatus st = statuses.get(ramal);
        return st == null ? null : st.state();
    }

    long count(ListenerState state) {
        return statuses.values().stream().filter(s -> s.state() == state).count();
    }

    int size() {
        return statuses.size();
    }

    /**
     * Records a state. {@code extension} null keeps the one shown before (a refused entry has
     * none of its own). {@code since} moves only when the state does.
     */
    void set(String ramal, ListenerState state, String reason, Extension extension, int attempts) {
        ListenerStatus prev = statuses.get(ramal);
        Extension shown = extension != null ? extension : (prev != null ? prev.extension() : null);
        if (prev != null && prev.state() == state && Objects.equals(prev.reason(), reason)
                && Objects.equals(prev.extension(), shown) && prev.attempts() == attempts) {
            return;
        }
        Instant since = prev != null && prev.state() == state ? prev.since() : Instant.now();
        ListenerStatus cur = new ListenerStatus(ramal, shown, state, reason, since, attempts);
        statuses.put(ramal, cur);
        tell(prev, cur);
    }

    /** Forgets {@code ramal} (its entry is gone), telling the events it STOPPED for good. */
    void remove(String ramal) {
        ListenerStatus prev = statuses.remove(ramal);
        if (prev != null) {
            tell(prev, new ListenerStatus(ramal, prev.extension(), ListenerState.STOPPED, "removed", Instant.now(), 0));
        }
    }

    private void tell(ListenerStatus prev, ListenerStatus cur) {
        try {
            events.stateChanged(prev, cur);
        } catch (RuntimeException e) {
            LOG.error("listener event handler failed ramal={} state={}", cur.ramal(), cur.state(), e);
        }
    }
}
