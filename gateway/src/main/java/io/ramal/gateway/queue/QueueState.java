package io.ramal.gateway.queue;

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
    final String name;
    QueueSettings settings;
    boolean configured;
    final TreeSet<Waiter> waiting = new TreeSet<>(LocalMatchmaker.ORDER);
    final List<Attendant> members = new ArrayList<>();
    Attendant lastPicked;
    final long[] handleMillis = new long[LocalMatchmaker.HANDLE_SAMPLES];
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
    long abandonedTotal;
    long overflowedTotal;
    long completedTotal;
    long requeuedTotal;

    QueueState(String name, long now) {
        this.name = name;
        this.settings = QueueSettings.defaults(name);
        this.periodStart = now;
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
        int n = Math.min(handleCount, LocalMatchmaker.HANDLE_SAMPLES);
        for (int i = 0; i < n; i++) {
            sum += handleMillis[i];
        }
        double millis = (double) sum / n * position / active;
        int minutes = (int) Math.max(1, Math.ceil(millis / 60_000));
        return minutes > LocalMatchmaker.MAX_ESTIMATE_MINUTES ? 0 : minutes;
    }

    void recordHandle(long millis) {
        handleMillis[handleNext] = millis;
        handleNext = (handleNext + 1) % LocalMatchmaker.HANDLE_SAMPLES;
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
                Duration.ofSeconds(settings.serviceLevelSeconds()), answeredTotal, abandonedTotal,
                overflowedTotal, completedTotal, requeuedTotal);
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
