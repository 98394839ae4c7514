package io.ramal.gateway.call;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import io.ramal.audio.AudioFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The one 20 ms ticker of an event loop: on every tick, each call on the loop sends exactly one
 * frame (audio from its playout buffer, or silence) and flushes it. This is what keeps bursty
 * producers from reaching Asterisk as bursts, the cause of the old gateway's choppy audio.
 *
 * <p>The 20 ms are cut into {@link #SLOTS} slots of 1 ms and each call is served in one of them
 * (the least loaded when it starts), so that a loop with two thousand calls writes a hundred
 * at a time and reads in between, instead of writing for 15 ms straight while inbound audio
 * waits. Slots are scheduled against absolute deadlines ({@code epoch + n * 1 ms}), so they do
 * not drift. A loop with fewer calls than slots wakes only for the non-empty ones, one scheduled
 * run at a time; from {@link #SLOTS} calls up, when every slot has calls anyway, one fixed-rate
 * task serves them all, so a loaded loop allocates nothing per slot.
 *
 * <p>A late loop (a GC pause, a burst of new calls) runs the missed slots back to back: each
 * call then sends the frames it owed at once, and its latency stays what it was. Only a loop
 * more than {@link #MAX_CATCH_UP_TICKS} ticks behind skips ahead, counting and logging the
 * skip, rather than bursting a long stretch of audio at Asterisk.
 *
 * <p>Each call has an {@link Entry}, the pacer's own record of where the call sits and which slot
 * ticked it last; the pacer calls one method of the call per tick ({@code tick}) and writes
 * nothing of it. Confined to its event loop: the slots and the scratch buffer need no locks.
 */
public final class Pacer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Pacer.class);

    /** Nanoseconds between ticks. */
    public static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(AudioFormat.FRAME_MILLIS);

    /** Slots per tick: each call is served in one of them. */
    static final int SLOTS = 20;

    static final long SLOT_NANOS = TICK_NANOS / SLOTS;

    /** Ticks a late loop catches up by running missed slots back to back; beyond, it skips. */
    static final int MAX_CATCH_UP_TICKS = 5;

    private final EventLoop loop;
    /** The loop's clock: the system's, or a test's frozen one, so tests need no sleeps. */
    private final Ticker ticker;
    @SuppressWarnings("unchecked")
    private final ArrayList<Entry>[] slots = new ArrayList[SLOTS];
    /** One frame of the largest format: where a playout frame is copied on its way to a buffer. */
    private final byte[] scratch = new byte[AudioFormat.SLIN_192K.frameBytes()];

    private int size;
    private long epoch;     // deadline of slot number 0
    private long nextSlot;  // absolute number of the next slot to run
    /** A one-shot run is pending (the light mode). */
    private boolean scheduled;
    /** The fixed-rate run of every slot (the loaded mode), or null. */
    private ScheduledFuture<?> periodic;
    private long skippedTicks;
    private long windowStart;
    private long windowMaxLate;
    /** Written once a second on the loop, read by the wallboard's and the metrics' threads. */
    private volatile long lastSecondMaxLate;

    Pacer(EventLoop loop) {
        this.loop = loop;
        this.ticker = loop instanceof AbstractScheduledEventExecutor s ? s.ticker() : Ticker.systemTicker();
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new ArrayList<>();
        }
    }

    /** Now, on the loop's clock. */
    long now() {
        return ticker.nanoTime();
    }

    /**
     * The pacer's record of one call: its slot, and the absolute number of the last slot that
     * ticked it. Written by the pacer only; the call keeps it as the handle to remove itself.
     */
    static final class Entry {
        private final ActiveCall call;
        /** Which of the slots serves this call; -1 once removed. */
        private int slot = -1;
        /** The absolute number of the last slot that ticked this call. */
        private long ticked;

        private Entry(ActiveCall call) {
            this.call = call;
        }

        /** Which of the pacer's slots serves this call; -1 once removed. */
        int slot() {
            return slot;
        }
    }

    /**
     * Adds a call to the least loaded slot; it sends its first frame within a tick. On the loop
     * only. The entry returned is what {@link #remove} takes.
     */
    Entry add(ActiveCall call) {
        assert loop.inEventLoop();
        boolean idle = !scheduled && periodic == null;
        if (idle) {
            epoch = ticker.nanoTime();
            nextSlot = 1;
        }
        // Least loaded; among equals the soonest to run, so a lone call starts at once.
        int best = -1;
        for (int k = 0; k < SLOTS; k++) {
            int i = (int) ((nextSlot + k) % SLOTS);
            if (best < 0 || slots[i].size() < slots[best].size()) {
                best = i;
            }
        }
        Entry e = new Entry(call);
        slots[best].add(e);
        e.slot = best;
        // Owes nothing for slots already due: a catch-up in progress must not tick it for them.
        e.ticked = Math.max(nextSlot - 1, (ticker.nanoTime() - epoch) / SLOT_NANOS);
        size++;
        if (idle) {
            scheduled = true;
            scheduleNext();
        }
        return e;
    }

    /** Removes a call; a second removal does nothing. On the loop only. */
    void remove(Entry e) {
        assert loop.inEventLoop();
        if (e.slot < 0) {
            return;
        }
        ArrayList<Entry> slot = slots[e.slot];
        int i = slot.indexOf(e);
        if (i >= 0) {
            int last = slot.size() - 1;
            slot.set(i, slot.get(last)); // order does not matter; avoid shifting
            slot.remove(last);
            size--;
        }
        e.slot = -1;
    }

    /** The loop's scratch frame; valid until the caller returns to the loop. */
    byte[] scratch() {
        return scratch;
    }

    @Override
    public void run() {
        try {
            long now = ticker.nanoTime();
            long due = (now - epoch) / SLOT_NANOS; // the last slot whose deadline has passed
            long behind = due - nextSlot;
            noteLateness(now, behind >= 0 ? now - deadline(nextSlot) : 0);
            if (behind >= MAX_CATCH_UP_TICKS * SLOTS && size > 0) {
                // Keep the last tick's worth: every call still sends its frame for now. With no call
                // left (the stall was a mass hang-up) nobody missed a frame: nothing to count or say.
                long skip = behind - SLOTS + 1;
                long ticks = (skip + SLOTS - 1) / SLOTS; // the most frames one call missed
                skippedTicks += ticks;
                nextSlot += skip;
                LOG.warn("pacer late ms={} skipped-ticks={} calls={}", (now - deadline(nextSlot - skip)) / 1_000_000,
                        ticks, size);
            }
            while (nextSlot <= due) {
                ArrayList<Entry> slot = slots[(int) (nextSlot % SLOTS)];
                for (int i = slot.size() - 1; i >= 0; i--) {
                    if (i >= slot.size()) {
                        continue; // a tick ended calls of this slot
                    }
                    Entry e = slot.get(i);
                    if (e.ticked >= nextSlot) {
                        continue; // moved down by a removal after its tick, or added during this run
                    }
                    e.ticked = nextSlot;
                    e.call.tick(now, scratch); // catches its own failures: they end that call only
                }
                nextSlot++;
            }
        } catch (Throwable t) {
            LOG.error("pacer tick failed, continuing", t);
        } finally {
            reschedule();
        }
    }

    /**
     * After a run: the loaded mode from {@link #SLOTS} calls, back to one-shot runs below half
     * of that (the gap keeps a loop hovering at the threshold from switching every tick), and
     * nothing once the last call has gone.
     */
    private void reschedule() {
        if (periodic != null) {
            if (size >= SLOTS / 2) {
                return; // the fixed-rate task runs again by itself
            }
            periodic.cancel(false);
            periodic = null;
        } else {
            scheduled = false;
            if (size >= SLOTS) {
                periodic = loop.scheduleAtFixedRate(this, Math.max(0, deadline(nextSlot) - ticker.nanoTime()),
                        SLOT_NANOS, TimeUnit.NANOSECONDS);
                return;
            }
        }
        if (size > 0) {
            scheduled = true;
            scheduleNext();
        }
    }

    /** Schedules the run of the next slot that has calls. */
    private void scheduleNext() {
        long n = nextSlot;
        while (slots[(int) (n % SLOTS)].isEmpty()) {
            n++; // size > 0, so some slot within one tick has calls
        }
        loop.schedule(this, Math.max(0, deadline(n) - ticker.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private long deadline(long slot) {
        return epoch + slot * SLOT_NANOS;
    }

    /** How the pacer runs now: {@code idle}, {@code one-shot} (light) or {@code fixed-rate} (loaded). */
    String mode() {
        return periodic != null ? "fixed-rate" : scheduled ? "one-shot" : "idle";
    }

    /** Calls on this loop now. */
    int size() {
        return size;
    }

    /** Ticks skipped because the loop was late. */
    long skippedTicks() {
        return skippedTicks;
    }

    /**
     * Keeps the worst lateness of each second and publishes it once a second: the loop's lag as
     * the wallboard and {@code /metrics} show it, at the cost of one compare per run.
     */
    private void noteLateness(long now, long lateNanos) {
        if (lateNanos > windowMaxLate) {
            windowMaxLate = lateNanos;
        }
        if (now - windowStart >= 1_000_000_000L) {
            lastSecondMaxLate = windowMaxLate;
            windowMaxLate = 0;
            windowStart = now;
        }
    }

    /** The worst lateness of a tick in the last full second with calls, in nanoseconds (0 when idle since). */
    long lagNanos() {
        return size == 0 ? 0 : lastSecondMaxLate;
    }
}
