package io.ramal.gateway.queue.match;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The matchmaker of this process: all queue state ({@link Matching}) on one thread
 * ({@code ramal-queue}), so that no handler takes a lock. Public methods post a task and
 * return; the tasks run one at a time, in order, and answer through the {@link MatchListener}.
 * A periodic tick enforces maximum waits, ends wrap-ups and repeats position announcements.
 * What it decides is described on {@link Matching}.
 */
public final class LocalMatchmaker implements Matchmaker {

    private static final Logger LOG = LoggerFactory.getLogger(LocalMatchmaker.class);

    /** How often the production matchmaker checks timers. */
    static final Duration TICK = Duration.ofMillis(200);

    private final Executor executor;
    private final ScheduledExecutorService own;
    private final Matching state;
    private volatile Thread thread;

    /**
     * A matchmaker running its tasks on {@code executor}, which must run them one at a time in
     * order (a direct executor in unit tests, which then call {@link #tick()} themselves).
     *
     * @param listener receives the answers, by call id
     * @param defaults the rules of a queue that no extension has configured yet, by name
     */
    LocalMatchmaker(Executor executor, Clock clock, QueueEvents events, MatchListener listener, Random random,
                    Function<String, QueueRules> defaults) {
        this(executor, null, new Matching(clock, events, listener, random, defaults));
    }

    private LocalMatchmaker(Executor executor, ScheduledExecutorService own, Matching state) {
        this.executor = executor;
        this.own = own;
        this.state = state;
    }

    /**
     * The production matchmaker: its own thread {@code ramal-queue}, ticking every {@link #TICK}.
     *
     * @param listener receives the answers, by call id, on that thread
     * @param defaults the rules of a queue that no extension has configured yet, by name
     */
    public static LocalMatchmaker start(QueueEvents events, MatchListener listener,
                                        Function<String, QueueRules> defaults) {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ramal-queue");
            t.setDaemon(true);
            return t;
        });
        LocalMatchmaker m = new LocalMatchmaker(ex, ex,
                new Matching(Clock.systemUTC(), events, listener, new Random(), defaults));
        ex.execute(() -> m.thread = Thread.currentThread());
        ex.scheduleWithFixedDelay(() -> m.run(m::tick), TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        return m;
    }

    @Override
    public void configure(QueueRules rules) {
        post(() -> state.configure(rules));
    }

    @Override
    public void enqueue(UUID caller, String label, QueueRules rules, long arrivedAtMillis) {
        post(() -> state.enqueue(caller, label, rules, arrivedAtMillis));
    }

    @Override
    public void hold(Collection<String> queues, Duration settle) {
        List<String> names = List.copyOf(queues);
        post(() -> state.hold(names, settle));
    }

    @Override
    public void release(Collection<String> queues) {
        List<String> names = List.copyOf(queues);
        post(() -> state.release(names));
    }

    @Override
    public void callerConnected(UUID caller, Pairing pairing) {
        post(() -> state.callerConnected(caller, pairing));
    }

    @Override
    public void callerLeft(UUID caller, boolean bridged) {
        post(() -> state.callerLeft(caller, bridged));
    }

    @Override
    public void login(UUID attendant, String label, List<String> queueNames) {
        List<String> names = List.copyOf(queueNames);
        post(() -> state.login(attendant, label, names));
    }

    @Override
    public void logout(UUID attendant) {
        post(() -> state.logout(attendant));
    }

    @Override
    public void pause(UUID attendant, boolean paused) {
        post(() -> state.pause(attendant, paused));
    }

    @Override
    public void endConversation(UUID attendant) {
        post(() -> state.endConversation(attendant));
    }

    @Override
    public List<QueueStats> snapshot(boolean resetPeriod) {
        return onThread(() -> state.stats(resetPeriod), "queue statistics");
    }

    @Override
    public List<QueueBoard> board() {
        return onThread(state::board, "queue board");
    }

    /** Runs {@code read} on the matchmaker's thread and waits for it (at most 5 s); empty when it cannot. */
    private <T> List<T> onThread(java.util.function.Supplier<List<T>> read, String what) {
        if (own == null || Thread.currentThread() == thread) {
            return read.get();
        }
        try {
            return CompletableFuture.supplyAsync(read, executor).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (Exception e) {
            LOG.error("{} unavailable", what, e);
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
        state.tick();
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

    // ---- for tests ------------------------------------------------------------------------------

    /** Runs {@link #checkInvariants()} on the matchmaker's thread and waits for it. */
    public void verify() {
        try {
            CompletableFuture.runAsync(this::checkInvariants, executor).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException("invariant check did not run", e);
        }
    }

    /**
     * Checks the pairing invariants on the calling thread (a unit test's direct executor).
     *
     * @throws IllegalStateException describing the first violation
     */
    void checkInvariants() {
        state.checkInvariants();
    }
}
