package io.ramal.gateway.queue.match;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One queue as the matchmaker sees it: its settings, who waits in order, who serves it, recent
 * handle times for the estimate, and the counters of the period and since start. Confined to
 * the matchmaker's thread.
 */
final class QueueState {

    private static final Logger LOG = LoggerFactory.getLogger(QueueState.class);

    /** Conversations the estimated wait averages over. */
    static final int HANDLE_SAMPLES = 20;
    /** Largest estimate announced, in minutes (the prompts count to 20). */
    static final int MAX_ESTIMATE_MINUTES = 20;

    final String name;
    QueueRules settings;
    boolean configured;
    final TreeSet<Waiter> waiting = new TreeSet<>(Waiter.ORDER);
    final List<Attendant> members = new ArrayList<>();
    Attendant lastPicked;
    /** No pairing before this (epoch ms): see {@link Matching#hold}. */
    long holdUntil;
    final long[] handleMillis = new long[HANDLE_SAMPLES];
    int handleCount;
    int handleNext;
    // the period
    long periodStart;
    long answered;
    long abandoned;
    long overflowed;
    long asaMillis;
    long withinLevel;
    // since start
    long answeredTotal;
    long withinLevelTotal;
    long answeredWaitMillisTotal;
    long abandonedTotal;
    long overflowedTotal;
    long completedTotal;
    long requeuedTotal;

    /** @param defaults the rules of a queue no extension has configured yet */
    QueueState(String name, QueueRules defaults, long now) {
        this.name = name;
        this.settings = defaults;
        this.periodStart = now;
    }

    /** Tells waiting callers their position where it changed or the announce interval is due. */
    void announce(MatchListener listener, long now) {
        int pos = 0;
        for (Waiter w : waiting) {
            pos++;
            long every = w.settings.announceInterval().toMillis();
            if (pos != w.lastPosition || (every > 0 && now - w.lastAnnounceAt >= every)) {
                w.lastPosition = pos;
                w.lastAnnounceAt = now;
                listener.position(w.id, pos, estimateMinutes(pos));
            }
        }
    }

    /** True while the queue collects re-entering callers before its first pairing. */
    boolean holding(long now) {
        return now < holdUntil;
    }

    /** Takes {@code s} as the queue's rules; a change of the queue-wide ones is logged. */
    void configure(QueueRules s) {
        if (!s.equals(settings)) {
            QueueRules o = settings;
            if (configured && (o.strategy() != s.strategy() || o.maxCallers() != s.maxCallers()
                    || !o.wrapUp().equals(s.wrapUp()) || o.serviceLevelSeconds() != s.serviceLevelSeconds()
                    || o.requireAttendant() != s.requireAttendant())) {
                LOG.info("queue={} settings now strategy={} max-callers={} wrap-up={} service-level-seconds={} "
                                + "require-attendant={}", name, s.strategy().wireName(), s.maxCallers(),
                        s.wrapUp(), s.serviceLevelSeconds(), s.requireAttendant());
            }
            settings = s;
        }
        configured = true;
    }

    /**
     * Position times the recent average handle time (talk plus wrap-up), shared among the
     * attendants not paused; 0 (no estimate) without history, attendants, or past the
     * prompts' 20 minutes.
     */
    int estimateMinutes(int position) {
        int active = 0;
        for (Attendant a : members) {
            if (a.state != Attendant.State.PAUSED) {
                active++;
            }
        }
        if (handleCount == 0 || active == 0) {
            return 0;
        }
        long sum = 0;
        int n = Math.min(handleCount, HANDLE_SAMPLES);
        for (int i = 0; i < n; i++) {
            sum += handleMillis[i];
        }
        double millis = (double) sum / n * position / active;
        int minutes = (int) Math.max(1, Math.ceil(millis / 60_000));
        return minutes > MAX_ESTIMATE_MINUTES ? 0 : minutes;
    }

    void recordHandle(long millis) {
        handleMillis[handleNext] = millis;
        handleNext = (handleNext + 1) % HANDLE_SAMPLES;
        handleCount++;
    }

    /** This queue's statistics now; {@code reset} starts a new period. */
    QueueStats stats(long now, boolean reset) {
        int free = 0;
        int busy = 0;
        int paused = 0;
        int wrap = 0;
        for (Attendant a : members) {
            switch (a.state) {
                case FREE -> free++;
                case BUSY -> busy++;
                case PAUSED -> paused++;
                case WRAP_UP -> wrap++;
            }
        }
        long longest = 0;
        for (Waiter w : waiting) {
            longest = Math.max(longest, now - w.waitStart);
        }
        long ended = answered + abandoned + overflowed;
        QueueStats s = new QueueStats(name, waiting.size(), free, busy, paused, wrap, Duration.ofMillis(longest),
                Instant.ofEpochMilli(periodStart), answered, abandoned, overflowed,
                Duration.ofMillis(answered == 0 ? 0 : asaMillis / answered),
                ended == 0 ? Double.NaN : (double) withinLevel / ended,
                Duration.ofSeconds(settings.serviceLevelSeconds()), answeredTotal, withinLevelTotal,
                Duration.ofMillis(answeredWaitMillisTotal), abandonedTotal, overflowedTotal, completedTotal,
                requeuedTotal);
        if (reset) {
            periodStart = now;
            answered = 0;
            abandoned = 0;
            overflowed = 0;
            asaMillis = 0;
            withinLevel = 0;
        }
        return s;
    }
}
