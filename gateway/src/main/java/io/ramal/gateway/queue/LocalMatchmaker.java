package io.ramal.gateway.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The matchmaker of this process: all queue state on one thread ({@code ramal-queue}), so that
 * no handler takes a lock. Public methods post a task and return; the tasks run one at a time,
 * in order, and answer through the callers' and attendants' lines. A periodic tick enforces
 * maximum waits, ends wrap-ups and repeats position announcements.
 *
 * <p>Matching: after every change, the best waiting caller across all queues (requeued callers
 * first, then higher priority, then earlier arrival) that has a free attendant in its queue is
 * paired with the attendant the queue's {@link Strategy} picks, until no pair is possible. So a
 * free attendant of several queues always takes the longest-waiting caller among them.
 *
 * <p>A pairing is confirmed by the caller's event loop ({@link #callerConnected}) when the
 * caller hears the connect tone; only then does it count as answered. Until then a caller who
 * hangs up is an abandon and the attendant is free again at once; an attendant who hangs up
 * puts the caller back at the head of the queue.
 *
 * <p>Every field below the constructor's is confined to the executor's thread.
 */
public final class LocalMatchmaker implements Matchmaker {

    private static final Logger LOG = LoggerFactory.getLogger(LocalMatchmaker.class);

    /** How often the production matchmaker checks timers. */
    static final Duration TICK = Duration.ofMillis(200);
    /** Queue-to-queue overflows one caller may take before the goodbye prompt instead. */
    static final int MAX_OVERFLOW_HOPS = 3;
    /** Conversations the estimated wait averages over. */
    static final int HANDLE_SAMPLES = 20;
    /** Largest estimate announced, in minutes (the prompts count to 20). */
    static final int MAX_ESTIMATE_MINUTES = 20;

    /** Requeued first, then higher priority, then arrival order. */
    static final Comparator<Waiter> ORDER = Comparator.<Waiter>comparingInt(w -> w.requeued ? 0 : 1)
            .thenComparing(Comparator.<Waiter>comparingInt(w -> w.settings.priority()).reversed())
            .thenComparingLong(w -> w.seq);

    private final Executor executor;
    private final ScheduledExecutorService own;
    private final Clock clock;
    private final QueueEvents events;
    private final Random random;
    private final int ringBytes;
    private volatile Thread thread;

    private final Map<String, QueueState> queues = new LinkedHashMap<>();
    private final Map<UUID, Waiter> callers = new HashMap<>();
    private final Map<UUID, Attendant> attendants = new HashMap<>();
    private long seq;
    private long bridges;

    /**
     * A matchmaker running its tasks on {@code executor}, which must run them one at a time in
     * order (a direct executor in unit tests, which then call {@link #tick()} themselves).
     *
     * @param ringBytes size of each direction's audio ring of a bridge
     */
    LocalMatchmaker(Executor executor, Clock clock, QueueEvents events, Random random, int ringBytes) {
        this(executor, null, clock, events, random, ringBytes);
    }

    private LocalMatchmaker(Executor executor, ScheduledExecutorService own, Clock clock, QueueEvents events,
                            Random random, int ringBytes) {
        this.executor = executor;
        this.own = own;
        this.clock = clock;
        this.events = events;
        this.random = random;
        this.ringBytes = ringBytes;
    }

    /** The production matchmaker: its own thread {@code ramal-queue}, ticking every {@link #TICK}. */
    public static LocalMatchmaker start(QueueEvents events, int ringBytes) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ramal-queue");
            t.setDaemon(true);
            return t;
        });
        LocalMatchmaker m = new LocalMatchmaker(ex, ex, Clock.systemUTC(), events, new Random(), ringBytes);
        ex.execute(() -> m.thread = Thread.currentThread());
        ex.scheduleWithFixedDelay(() -> m.run(m::tick), TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        return m;
    }

    // ---- the interface: post and return --------------------------------------------------------

    @Override
    public void configure(QueueSettings settings) {
        post(() -> settings(queue(settings.queue()), settings));
    }

    @Override
    public void enqueue(CallerLine caller, QueueSettings settings) {
        post(() -> doEnqueue(caller, settings));
    }

    @Override
    public void callerConnected(UUID caller, Bridge bridge) {
        post(() -> doCallerConnected(caller, bridge));
    }

    @Override
    public void callerLeft(UUID caller, boolean bridged) {
        post(() -> doCallerLeft(caller, bridged));
    }

    @Override
    public void login(AttendantLine attendant, List<String> queueNames) {
        List<String> names = List.copyOf(queueNames);
        post(() -> doLogin(attendant, names));
    }

    @Override
    public void logout(UUID attendant) {
        post(() -> doLogout(attendant));
    }

    @Override
    public void pause(UUID attendant, boolean paused) {
        post(() -> doPause(attendant, paused));
    }

    @Override
    public void endConversation(UUID attendant) {
        post(() -> doEndConversation(attendant));
    }

    @Override
    public List<QueueStats> snapshot(boolean resetPeriod) {
        if (own == null || Thread.currentThread() == thread) {
            return stats(clock.millis(), resetPeriod);
        }
        try {
            return CompletableFuture.supplyAsync(() -> stats(clock.millis(), resetPeriod), executor).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (Exception e) {
            LOG.error("queue statistics unavailable", e);
            return List.of();
        }
    }

    @Override
    public void close() {
        if (own != null) {
            own.shutdownNow();
        }
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
            if (a.state == Attendant.State.WRAP_UP && now >= a.wrapUntil) {
                a.state = a.pauseWanted ? Attendant.State.PAUSED : Attendant.State.FREE;
                a.idleSince = now;
            }
        }
        settle();
    }

    // ---- the work, on the matchmaker's thread ---------------------------------------------------

    private void doEnqueue(CallerLine line, QueueSettings s) {
        if (callers.containsKey(line.id())) {
            LOG.warn("{} queue={} already queued, ignored", line.label(), s.queue());
            return;
        }
        QueueState q = queue(s.queue());
        settings(q, s);
        enter(new Waiter(line, s, ++seq, 0, false), q);
        settle();
    }

    private void enter(Waiter w, QueueState q) {
        long now = clock.millis();
        w.queue = q;
        w.waitStart = now;
        callers.put(w.line.id(), w);
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

    private void doCallerConnected(UUID id, Bridge bridge) {
        Waiter w = callers.get(id);
        if (w == null || w.state != Waiter.State.OFFERED || w.bridge != bridge) {
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
        if (waited <= q.settings.serviceLevelSeconds() * 1000L) {
            q.withinLevel++;
        }
        w.partner.calls++;
        emit(QueueEvent.Type.CONNECT, q, w, w.partner, bridge.toString());
    }

    private void doCallerLeft(UUID id, boolean bridged) {
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
                Bridge b = w.bridge;
                abandoned(q, w, "hung up while being connected");
                a.partner = null;
                a.state = a.pauseWanted ? Attendant.State.PAUSED : Attendant.State.FREE; // no conversation: no wrap-up
                a.line.disconnect(b, "caller left before connecting");
            }
            case CONNECTED -> {
                Attendant a = w.partner;
                q.completedTotal++;
                emit(QueueEvent.Type.COMPLETE_BY_CALLER, q, w, a, "talked-ms=" + (clock.millis() - w.connectedAt));
                finishConversation(a, w);
                a.line.disconnect(w.bridge, "caller hung up");
            }
        }
        settle();
    }

    private void abandoned(QueueState q, Waiter w, String why) {
        q.abandoned++;
        q.abandonedTotal++;
        emit(QueueEvent.Type.ABANDON, q, w, null, why);
    }

    private void doLogin(AttendantLine line, List<String> names) {
        if (attendants.containsKey(line.id())) {
            LOG.warn("{} already logged in, ignored", line.label());
            return;
        }
        Attendant a = new Attendant(line);
        a.idleSince = clock.millis();
        for (String n : names) {
            QueueState q = queue(n);
            a.queues.add(q);
            q.members.add(a);
            emit(QueueEvent.Type.LOGIN, q, null, a, "");
        }
        attendants.put(line.id(), a);
        settle();
    }

    private void doLogout(UUID id) {
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
        w.partner = null;
        w.bridge = null;
        w.requeued = true; // set while out of the set: the ordering reads it
        w.waitStart = clock.millis();
        w.lastPosition = 0;
        q.waiting.add(w);
        w.line.requeued();
    }

    private void doPause(UUID id, boolean paused) {
        Attendant a = attendants.get(id);
        if (a == null) {
            return;
        }
        if (paused) {
            if (a.pauseWanted || a.state == Attendant.State.PAUSED) {
                return;
            }
            a.pauseWanted = true;
            if (a.state == Attendant.State.FREE) {
                a.state = Attendant.State.PAUSED;
            }
            for (QueueState q : a.queues) {
                emit(QueueEvent.Type.PAUSE, q, null, a, a.state == Attendant.State.PAUSED ? "" : "after this conversation");
            }
        } else {
            if (!a.pauseWanted && a.state != Attendant.State.PAUSED) {
                return;
            }
            a.pauseWanted = false;
            if (a.state == Attendant.State.PAUSED) {
                a.state = Attendant.State.FREE;
                a.idleSince = clock.millis();
            }
            for (QueueState q : a.queues) {
                emit(QueueEvent.Type.UNPAUSE, q, null, a, "");
            }
        }
        settle();
    }

    private void doEndConversation(UUID id) {
        Attendant a = attendants.get(id);
        Waiter w = a == null ? null : a.partner;
        if (w == null || w.state != Waiter.State.CONNECTED) {
            if (a != null) {
                LOG.debug("{} end digit with no conversation, ignored", a.line.label());
            }
            return;
        }
        callers.remove(w.line.id());
        QueueState q = w.queue;
        q.completedTotal++;
        emit(QueueEvent.Type.COMPLETE_BY_ATTENDANT, q, w, a, "talked-ms=" + (clock.millis() - w.connectedAt));
        Bridge b = w.bridge;
        finishConversation(a, w);
        w.line.completedByAttendant();
        a.line.disconnect(b, "ended by attendant");
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
            a.state = a.pauseWanted ? Attendant.State.PAUSED : Attendant.State.FREE;
            a.idleSince = now;
        }
    }

    private void overflow(Waiter w, QueueState q, QueueEvent.Type type, String reason) {
        q.waiting.remove(w);
        callers.remove(w.line.id());
        q.overflowed++;
        q.overflowedTotal++;
        Overflow target = w.settings.overflow();
        emit(type, q, w, null, reason + ", to " + target);
        if (target.kind() == Overflow.Kind.QUEUE) {
            if (w.hops < MAX_OVERFLOW_HOPS) {
                QueueState next = queue(target.target());
                enter(new Waiter(w.line, next.settings, ++seq, w.hops + 1, false), next);
                return;
            }
            LOG.warn("{} queue={} overflow to queue {} refused after {} hops, goodbye instead", w.line.label(),
                    q.name, target.target(), w.hops);
            target = Overflow.HANGUP;
        }
        w.line.overflow(target);
    }

    /** Pairs whoever can be paired, then tells waiting callers their position where due. */
    private void settle() {
        match();
        announce(clock.millis());
    }

    private void match() {
        while (true) {
            Waiter best = null;
            Attendant pick = null;
            for (QueueState q : queues.values()) {
                if (q.waiting.isEmpty() || (best != null && ORDER.compare(q.waiting.first(), best) >= 0)) {
                    continue;
                }
                Attendant a = choose(q);
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

    private Attendant choose(QueueState q) {
        List<Attendant> m = q.members;
        Attendant pick = null;
        switch (q.settings.strategy()) {
            case LONGEST_IDLE -> {
                for (Attendant a : m) {
                    if (a.state == Attendant.State.FREE && (pick == null || a.idleSince < pick.idleSince)) {
                        pick = a;
                    }
                }
            }
            case FEWEST_CALLS -> {
                for (Attendant a : m) {
                    if (a.state == Attendant.State.FREE && (pick == null || a.calls < pick.calls
                            || (a.calls == pick.calls && a.idleSince < pick.idleSince))) {
                        pick = a;
                    }
                }
            }
            case ROUND_ROBIN -> {
                int start = q.lastPicked == null ? 0 : m.indexOf(q.lastPicked) + 1;
                for (int i = 0; i < m.size() && pick == null; i++) {
                    Attendant a = m.get((start + i) % m.size());
                    if (a.state == Attendant.State.FREE) {
                        pick = a;
                    }
                }
            }
            case RANDOM -> {
                int free = 0;
                for (Attendant a : m) {
                    if (a.state == Attendant.State.FREE && random.nextInt(++free) == 0) {
                        pick = a; // reservoir sampling: uniform over the free ones
                    }
                }
            }
        }
        return pick;
    }

    private void pair(Waiter w, Attendant a) {
        QueueState q = w.queue;
        q.waiting.remove(w);
        w.state = Waiter.State.OFFERED;
        w.partner = a;
        w.bridge = Bridge.create(++bridges, q.name, w.line.id(), a.line.id(), ringBytes);
        a.state = Attendant.State.BUSY;
        a.partner = w;
        q.lastPicked = a;
        LOG.debug("queue={} paired {} caller={} attendant={}", q.name, w.bridge, w.line.label(), a.line.label());
        w.line.connect(w.bridge);
        a.line.connect(w.bridge);
    }

    private void announce(long now) {
        for (QueueState q : queues.values()) {
            int pos = 0;
            for (Waiter w : q.waiting) {
                pos++;
                long every = w.settings.announceInterval().toMillis();
                if (pos != w.lastPosition || (every > 0 && now - w.lastAnnounceAt >= every)) {
                    w.lastPosition = pos;
                    w.lastAnnounceAt = now;
                    w.line.position(pos, q.estimateMinutes(pos));
                }
            }
        }
    }

    private QueueState queue(String name) {
        return queues.computeIfAbsent(name, n -> new QueueState(n, clock.millis()));
    }

    private void settings(QueueState q, QueueSettings s) {
        if (!s.equals(q.settings)) {
            QueueSettings o = q.settings;
            if (q.configured && (o.strategy() != s.strategy() || o.maxCallers() != s.maxCallers()
                    || !o.wrapUp().equals(s.wrapUp()) || o.serviceLevelSeconds() != s.serviceLevelSeconds()
                    || o.requireAttendant() != s.requireAttendant())) {
                LOG.info("queue={} settings now strategy={} max-callers={} wrap-up={} service-level-seconds={} "
                                + "require-attendant={}", q.name, s.strategy().wireName(), s.maxCallers(),
                        s.wrapUp(), s.serviceLevelSeconds(), s.requireAttendant());
            }
            q.settings = s;
        }
        q.configured = true;
    }

    private void emit(QueueEvent.Type type, QueueState q, Waiter w, Attendant a, String detail) {
        QueueEvent e = new QueueEvent(type, clock.instant(), q.name, w == null ? null : w.line.id(),
                a == null ? null : a.line.id(), w == null ? Duration.ZERO
                : Duration.ofMillis(Math.max(0, clock.millis() - w.waitStart)), detail);
        try {
            events.on(e);
        } catch (RuntimeException ex) {
            LOG.error("queue event consumer failed on {}", e, ex);
        }
    }

    private void post(Runnable task) {
        try {
            executor.execute(() -> run(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("queue matchmaker stopped, task dropped");
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            LOG.error("queue matchmaker task failed, state kept as it was", t);
        }
    }

    private List<QueueStats> stats(long now, boolean reset) {
        List<QueueStats> out = new ArrayList<>(queues.size());
        for (QueueState q : queues.values()) {
            out.add(q.stats(now, reset));
        }
        return out;
    }

    // ---- for tests ------------------------------------------------------------------------------

    /** Runs {@link #checkInvariants()} on the matchmaker's thread and waits for it. */
    void verify() {
        try {
            CompletableFuture.runAsync(this::checkInvariants, executor).get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException("invariant check did not run", e);
        }
    }

    /**
     * Checks the pairing invariants: every attendant's partner names them back, no caller is
     * both waiting and paired, nobody paired is unknown.
     *
     * @throws IllegalStateException describing the first violation
     */
    void checkInvariants() {
        for (Attendant a : attendants.values()) {
            if ((a.state == Attendant.State.BUSY) != (a.partner != null)) {
                throw new IllegalStateException(a.line.label() + " state " + a.state + " partner " + a.partner);
            }
            if (a.partner != null && (a.partner.partner != a || callers.get(a.partner.line.id()) != a.partner)) {
                throw new IllegalStateException(a.line.label() + " paired with a caller that is not paired back");
            }
        }
        for (Waiter w : callers.values()) {
            boolean listed = w.queue.waiting.contains(w);
            if (listed != (w.state == Waiter.State.WAITING) || (w.partner != null) == listed) {
                throw new IllegalStateException(w.line.label() + " state " + w.state + " listed " + listed);
            }
            if (w.partner != null && attendants.get(w.partner.line.id()) != w.partner) {
                throw new IllegalStateException(w.line.label() + " paired with an attendant who left");
            }
        }
    }
}
