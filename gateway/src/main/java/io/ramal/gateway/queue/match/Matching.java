package io.ramal.gateway.queue.match;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

/**
 * All queue state and its transitions, with no thread of its own: {@link LocalMatchmaker} runs
 * each method on its single thread, one at a time; a unit test calls them directly. Every call
 * and attendant is known by id; the answers go to the {@link MatchListener}, and every
 * transition to {@link QueueEvents}.
 *
 * <p>Matching: after every change, the best waiting caller across all queues (requeued callers
 * first, then higher priority, then earlier arrival) that has a free attendant in its queue is
 * paired with the attendant the queue's {@link Strategy} picks, until no pair is possible. So a
 * free attendant of several queues always takes the longest-waiting caller among them.
 *
 * <p>A pairing is confirmed by the caller ({@link #callerConnected}) when the caller hears the
 * connect tone; only then does it count as answered. Until then a caller who hangs up is an
 * abandon and the attendant is free again at once; an attendant who hangs up puts the caller
 * back at the head of the queue.
 *
 * <p>Not thread-safe: confined to the matchmaker's thread.
 */
final class Matching {

    private static final Logger LOG = LoggerFactory.getLogger(Matching.class);

    /** Queue-to-queue overflows one caller may take before the goodbye prompt instead. */
    static final int MAX_OVERFLOW_HOPS = 3;

    private final Clock clock;
    private final QueueEvents events;
    private final MatchListener listener;
    private final Random random;
    private final Function<String, QueueRules> defaults;

    private final Map<String, QueueState> queues = new LinkedHashMap<>();
    private final Map<UUID, Waiter> callers = new HashMap<>();
    private final Map<UUID, Attendant> attendants = new HashMap<>();
    private long seq;
    private long pairings;

    /**
     * @param listener receives the answers, by call id
     * @param defaults the rules of a queue that no extension has configured yet, by name
     */
    Matching(Clock clock, QueueEvents events, MatchListener listener, Random random,
             Function<String, QueueRules> defaults) {
        this.clock = clock;
        this.events = events;
        this.listener = listener;
        this.random = random;
        this.defaults = defaults;
    }

    /** Sets a queue's rules. */
    void configure(QueueRules rules) {
        queue(rules.queue()).configure(rules);
    }

    /** Runs the timers now: max waits, wrap-ups, periodic announcements. Tests call it directly. */
    void tick() {
        long now = clock.millis();
        for (QueueState q : queues.values()) {
            for (Waiter w : new ArrayList<>(q.waiting)) {
                long max = w.settings.maxWait().toMillis();
                if (max > 0 && now - w.waitStart >= max) {
                    overflow(w, q, QueueEvent.Type.TIMEOUT, "max-wait " + w.settings.maxWait().toSeconds() + "s");
                }
            }
        }
        for (Attendant a : attendants.values()) {
            a.endWrapUp(now);
        }
        settle();
    }

    /** A caller who arrived at {@code arrivedAt} joins {@code s.queue()}, or overflows (see {@link Matchmaker#enqueue}). */
    void enqueue(UUID id, String label, QueueRules s, long arrivedAt) {
        if (callers.containsKey(id)) {
            LOG.warn("{} queue={} already queued, ignored", label, s.queue());
            return;
        }
        QueueState q = queue(s.queue());
        q.configure(s);
        enter(new Waiter(id, label, s, ++seq, Math.min(arrivedAt, clock.millis()), 0, false), q);
        settle();
    }

    private void enter(Waiter w, QueueState q) {
        long now = clock.millis();
        w.queue = q;
        w.waitStart = Math.min(now, w.arrivedAt); // a caller re-entering from another node waited since then
        callers.put(w.id, w);
        emit(QueueEvent.Type.ENTER, q, w, null, "priority=" + w.settings.priority());
        int max = q.settings.maxCallers();
        if (max > 0 && q.waiting.size() >= max) {
            overflow(w, q, QueueEvent.Type.OVERFLOW, "queue full (" + max + " waiting)");
        } else if (q.settings.requireAttendant() && q.members.isEmpty()) {
            overflow(w, q, QueueEvent.Type.OVERFLOW, "no attendant logged in");
        } else {
            q.waiting.add(w);
        }
    }

    /** No pairing in {@code names} for {@code settle}: see {@link Matchmaker#hold}. */
    void hold(Collection<String> names, Duration settle) {
        long until = clock.millis() + settle.toMillis();
        names.forEach(n -> queue(n).holdUntil = until);
    }

    /** This node lost the queues {@code names}: see {@link Handover#release}. */
    void release(Collection<String> names) {
        Handover.release(queues, callers, attendants, names);
    }

    /** The caller heard the connect tone of {@code pairing}: answered now, unless the pairing ended first. */
    void callerConnected(UUID id, Pairing pairing) {
        Waiter w = callers.get(id);
        if (w == null || w.state != Waiter.State.OFFERED || !w.pairing.equals(pairing)) {
            return; // the pairing ended first (attendant gone): the caller hears the requeue prompt next
        }
        long now = clock.millis();
        QueueState q = w.queue;
        w.state = Waiter.State.CONNECTED;
        w.connectedAt = now;
        long waited = now - w.waitStart;
        q.answered++;
        q.answeredTotal++;
        q.asaMillis += waited;
        q.answeredWaitMillisTotal += waited;
        if (waited <= q.settings.serviceLevelSeconds() * 1000L) {
            q.withinLevel++;
            q.withinLevelTotal++;
        }
        w.partner.calls++;
        emit(QueueEvent.Type.CONNECT, q, w, w.partner, pairing.toString());
    }

    /** The caller's call ended: an abandon, or a completed conversation when {@code bridged}. */
    void callerLeft(UUID id, boolean bridged) {
        Waiter w = callers.remove(id);
        if (w == null) {
            return; // already gone: overflowed, completed by the attendant
        }
        QueueState q = w.queue;
        switch (w.state) {
            case WAITING -> {
                q.waiting.remove(w);
                if (bridged) {
                    // Requeued while the caller was still talking as far as they heard: they
                    // hung up on a conversation, not on the queue.
                    q.completedTotal++;
                    emit(QueueEvent.Type.COMPLETE_BY_CALLER, q, w, null, "after the attendant left");
                } else {
                    abandoned(q, w, "hung up while waiting");
                }
            }
            case OFFERED -> {
                Attendant a = w.partner;
                Pairing b = w.pairing;
                abandoned(q, w, "hung up while being connected");
                a.partner = null;
                a.release(); // no conversation: no wrap-up
                listener.unpaired(a.id, b, "caller left before connecting");
            }
            case CONNECTED -> {
                Attendant a = w.partner;
                q.completedTotal++;
                emit(QueueEvent.Type.COMPLETE_BY_CALLER, q, w, a, "talked-ms=" + (clock.millis() - w.connectedAt));
                finishConversation(a, w);
                listener.unpaired(a.id, w.pairing, "caller hung up");
            }
        }
        settle();
    }

    private void abandoned(QueueState q, Waiter w, String why) {
        q.abandoned++;
        q.abandonedTotal++;
        emit(QueueEvent.Type.ABANDON, q, w, null, why);
    }

    /** An attendant logs in to the queues {@code names}. */
    void login(UUID id, String label, List<String> names) {
        if (attendants.containsKey(id)) {
            LOG.warn("{} already logged in, ignored", label);
            return;
        }
        Attendant a = new Attendant(id, label);
        a.idleSince = clock.millis();
        for (String n : names) {
            QueueState q = queue(n);
            a.queues.add(q);
            q.members.add(a);
            emit(QueueEvent.Type.LOGIN, q, null, a, "");
        }
        attendants.put(id, a);
        settle();
    }

    /** The attendant's call ended; a caller they were paired with goes back to the head of its queue. */
    void logout(UUID id) {
        Attendant a = attendants.remove(id);
        if (a == null) {
            return;
        }
        Waiter w = a.partner;
        if (w != null) {
            requeue(w, a);
        }
        for (QueueState q : a.queues) {
            q.members.remove(a);
            if (q.lastPicked == a) {
                q.lastPicked = null;
            }
            emit(QueueEvent.Type.LOGOUT, q, null, a, "calls=" + a.calls);
        }
        settle();
    }

    /** The attendant of {@code w} left: {@code w} goes back to the head of its queue. */
    private void requeue(Waiter w, Attendant a) {
        QueueState q = w.queue;
        if (w.state == Waiter.State.CONNECTED) {
            q.recordHandle(clock.millis() - w.connectedAt);
        }
        emit(QueueEvent.Type.REQUEUE, q, w, a, w.state == Waiter.State.CONNECTED ? "attendant hung up"
                : "attendant hung up while connecting");
        q.requeuedTotal++;
        w.state = Waiter.State.WAITING;
        Pairing ended = w.pairing;
        w.partner = null;
        w.pairing = null;
        w.requeued = true; // set while out of the set: the ordering reads it
        w.waitStart = clock.millis();
        w.lastPosition = 0;
        q.waiting.add(w);
        listener.requeued(w.id, ended);
    }

    /** Pauses or resumes an attendant; an unchanged state is ignored. */
    void pause(UUID id, boolean paused) {
        Attendant a = attendants.get(id);
        if (a == null || !a.pause(paused, clock.millis())) {
            return;
        }
        for (QueueState q : a.queues) {
            emit(paused ? QueueEvent.Type.PAUSE : QueueEvent.Type.UNPAUSE, q, null, a,
                    paused && a.state != Attendant.State.PAUSED ? "after this conversation" : "");
        }
        settle();
    }

    /** The attendant ends the current conversation: the caller is hung up, the attendant stays. */
    void endConversation(UUID id) {
        Attendant a = attendants.get(id);
        Waiter w = a == null ? null : a.partner;
        if (w == null || w.state != Waiter.State.CONNECTED) {
            if (a != null) {
                LOG.debug("{} end digit with no conversation, ignored", a.label);
            }
            return;
        }
        callers.remove(w.id);
        QueueState q = w.queue;
        q.completedTotal++;
        emit(QueueEvent.Type.COMPLETE_BY_ATTENDANT, q, w, a, "talked-ms=" + (clock.millis() - w.connectedAt));
        Pairing b = w.pairing;
        finishConversation(a, w);
        listener.completedByAttendant(w.id, b);
        listener.unpaired(a.id, b, "ended by attendant");
        settle();
    }

    /** A conversation ended with the caller gone: the attendant wraps up. */
    private void finishConversation(Attendant a, Waiter w) {
        long now = clock.millis();
        QueueState q = w.queue;
        long wrap = q.settings.wrapUp().toMillis();
        q.recordHandle(now - w.connectedAt + wrap);
        a.partner = null;
        if (wrap > 0) {
            a.state = Attendant.State.WRAP_UP;
            a.wrapUntil = now + wrap;
        } else {
            a.release();
            a.idleSince = now;
        }
    }

    private void overflow(Waiter w, QueueState q, QueueEvent.Type type, String reason) {
        q.waiting.remove(w);
        callers.remove(w.id);
        q.overflowed++;
        q.overflowedTotal++;
        Overflow target = w.settings.overflow();
        emit(type, q, w, null, reason + ", to " + target);
        if (target.kind() == Overflow.Kind.QUEUE) {
            if (w.hops < MAX_OVERFLOW_HOPS) {
                QueueState next = queue(target.target());
                enter(new Waiter(w.id, w.label, next.settings, ++seq, clock.millis(), w.hops + 1, false), next);
                return;
            }
            LOG.warn("{} queue={} overflow to queue {} refused after {} hops, goodbye instead", w.label,
                    q.name, target.target(), w.hops);
            target = Overflow.HANGUP;
        }
        listener.overflow(w.id, target);
    }

    /** Pairs whoever can be paired, then tells waiting callers their position where due. */
    private void settle() {
        match();
        long now = clock.millis();
        queues.values().forEach(q -> q.announce(listener, now));
    }

    private void match() {
        while (true) {
            Waiter best = null;
            Attendant pick = null;
            for (QueueState q : queues.values()) {
                if (q.waiting.isEmpty() || q.holding(clock.millis()) || (best != null && Waiter.ORDER.compare(q.waiting.first(), best) >= 0)) {
                    continue;
                }
                Attendant a = q.settings.strategy().pick(q.members, q.lastPicked, random);
                if (a != null) {
                    best = q.waiting.first();
                    pick = a;
                }
            }
            if (best == null) {
                return;
            }
            pair(best, pick);
        }
    }

    private void pair(Waiter w, Attendant a) {
        QueueState q = w.queue;
        q.waiting.remove(w);
        w.state = Waiter.State.OFFERED;
        w.partner = a;
        w.pairing = new Pairing(++pairings, q.name, w.id, a.id);
        a.state = Attendant.State.BUSY;
        a.partner = w;
        q.lastPicked = a;
        LOG.debug("queue={} paired {} caller={} attendant={}", q.name, w.pairing, w.label, a.label);
        listener.paired(w.pairing);
    }

    private QueueState queue(String name) {
        return queues.computeIfAbsent(name, n -> new QueueState(n, defaults.apply(n), clock.millis()));
    }

    private void emit(QueueEvent.Type type, QueueState q, Waiter w, Attendant a, String detail) {
        QueueEvent e = new QueueEvent(type, clock.instant(), q.name, w == null ? null : w.id,
                a == null ? null : a.id, w == null ? Duration.ZERO
                : Duration.ofMillis(Math.max(0, clock.millis() - w.waitStart)), detail, q.settings.serviceLevelSeconds());
        try {
            events.on(e);
        } catch (RuntimeException ex) {
            LOG.error("queue event consumer failed on {}", e, ex);
        }
    }

    /** Every queue's statistics now; {@code reset} starts a new period. */
    List<QueueStats> stats(boolean reset) {
        long now = clock.millis();
        return queues.values().stream().map(q -> q.stats(now, reset)).toList();
    }

    /** Every queue as a wallboard shows it now. */
    List<QueueBoard> board() {
        return QueueBoards.of(queues.values(), clock.millis());
    }

    /** Checks the pairing invariants (see {@link Invariants}); throws describing the first violation. */
    void checkInvariants() {
        Invariants.check(callers, attendants);
    }
}
