package io.ramal.gateway.call;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.Ticker;
import io.ramal.audio.AudioFormat;
import io.ramal.audio.PlayoutBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The one 20 ms ticker of an event loop: on every tick, each call on the loop sends exactly one
 * frame (audio from its playout buffer, or silence) and flushes once. This is what keeps bursty
 * producers from reaching Asterisk as bursts, the cause of the old gateway's choppy audio.
 *
 * <p>Ticks are scheduled against absolute deadlines ({@code start + n * 20 ms}), so they do not
 * drift; a loop that falls more than {@link #MAX_CATCH_UP} ticks behind (a long GC pause) skips
 * ahead and counts the skip rather than bursting to catch up.
 *
 * <p>Confined to its event loop: the call list and the scratch buffer need no locks.
 */
public final class Pacer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Pacer.class);

    /** Nanoseconds between ticks. */
    public static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(AudioFormat.FRAME_MILLIS);

    /** Ticks a late loop may run back to back before it skips ahead. */
    static final int MAX_CATCH_UP = 2;

    private final EventLoop loop;
    /** The loop's clock: the system's, or a test's frozen one, so tests need no sleeps. */
    private final Ticker ticker;
    private final ArrayList<CallSession> sessions = new ArrayList<>();
    /** One frame of the largest format: where a playout frame is copied on its way to a buffer. */
    private final byte[] scratch = new byte[AudioFormat.SLIN_192K.frameBytes()];

    private long nextDeadline;
    private boolean scheduled;
    private long ticks;
    private long skippedTicks;

    Pacer(EventLoop loop) {
        this.loop = loop;
        this.ticker = loop instanceof AbstractScheduledEventExecutor s ? s.ticker() : Ticker.systemTicker();
    }

    /** Now, on the loop's clock. */
    long now() {
        return ticker.nanoTime();
    }

    /** Adds a call; it sends its first frame on the next tick. On the loop only. */
    void add(CallSession session) {
        assert loop.inEventLoop();
        sessions.add(session);
        if (!scheduled) {
            scheduled = true;
            nextDeadline = ticker.nanoTime() + TICK_NANOS;
            loop.schedule(this, TICK_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    /** Removes a call. On the loop only. */
    void remove(CallSession session) {
        assert loop.inEventLoop();
        int i = sessions.indexOf(session);
        if (i >= 0) {
            int last = sessions.size() - 1;
            sessions.set(i, sessions.get(last)); // order does not matter; avoid shifting
            sessions.remove(last);
        }
    }

    /** The loop's scratch frame; valid until the caller returns to the loop. */
    byte[] scratch() {
        return scratch;
    }

    @Override
    public void run() {
        try {
            long now = ticker.nanoTime();
            long behind = now - nextDeadline;
            if (behind > MAX_CATCH_UP * TICK_NANOS) {
                long skip = behind / TICK_NANOS;
                skippedTicks += skip;
                nextDeadline += skip * TICK_NANOS;
                LOG.warn("pacer late ms={} skipped-ticks={} calls={}", behind / 1_000_000, skip, sessions.size());
            }
            for (int i = sessions.size() - 1; i >= 0; i--) {
                CallSession s = sessions.get(i);
                try {
                    s.tick(now, scratch);
                } catch (Throwable t) {
                    s.internalError(t);
                }
            }
            ticks++;
        } catch (Throwable t) {
            LOG.error("pacer tick failed, continuing", t);
        } finally {
            if (sessions.isEmpty()) {
                scheduled = false;
            } else {
                nextDeadline += TICK_NANOS;
                loop.schedule(this, Math.max(0, nextDeadline - ticker.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Calls on this loop now. */
    int size() {
        return sessions.size();
    }

    /** Ticks skipped because the loop was late. */
    long skippedTicks() {
        return skippedTicks;
    }

    /** Ticks run. */
    long ticks() {
        return ticks;
    }

    /** Ticks an excess over the live latency target may last before it is dropped. */
    static final int LIVE_LATENCY_WINDOW_TICKS = 25;

    /**
     * A call's playout buffer. One sized for live talkers (echo, a bridged partner) also keeps
     * their latency near the start threshold: a burst, a stalled loop or a faster far-end clock
     * is trimmed after half a second to one frame over the threshold (the most that arrival
     * jitter alone keeps queued) instead of delaying the conversation for good. A buffer for
     * bursty producers (an AI agent) is never trimmed: its audio plays late rather than not at all.
     */
    static PlayoutBuffer newBuffer(AudioFormat format, int capacityFrames, CallSettings settings) {
        int start = Math.min(settings.playoutStartFrames(), capacityFrames);
        PlayoutBuffer b = PlayoutBuffer.of(format, capacityFrames, start, settings.playoutPrimeTicks());
        if (capacityFrames <= settings.livePlayoutCapacityFrames()) {
            b.limitLatency(Math.min(capacityFrames, start + 1), LIVE_LATENCY_WINDOW_TICKS);
        }
        return b;
    }
}
