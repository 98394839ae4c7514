package io.ramal.gateway.call;

import io.ramal.audio.PlayoutBuffer;
import io.ramal.extensions.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;

/**
 * One call's own figures: frames and bytes each way, frames dropped at a full socket, the
 * underruns and overflows of the playout buffers the call has already replaced (format change,
 * transfer), and how evenly its frames left: the longest gap between two, and how many came more
 * than {@link #LATE_SEND_NANOS} after the one before (a frame the caller hears late; their share
 * is what a gap p99 measures). Counted in plain fields on the call's event loop, so the hot path touches nothing
 * shared. Underruns, overflows and dropped frames reach the listener's {@link CallCounters} on the
 * tick they change ({@link #flush}: a compare per tick, an add only when something went wrong), so
 * {@code /metrics} shows a suffering call while it is up; frames and bytes are added once, when
 * the call ends, together with the end-of-call line of the {@code ramal.calls} logger.
 *
 * <p>Written only on the call's event loop; the byte counts are read from other threads for
 * reports, where a stale value is fine.
 */
final class CallStats {

    private static final Logger CALLS = LoggerFactory.getLogger("ramal.calls");

    /** A frame sent longer than this after the one before left late: a tick, and 5 ms of jitter. */
    static final long LATE_SEND_NANOS = 25_000_000L;

    private long framesIn;
    private long framesOut;
    private long bytesIn;
    private long bytesOut;
    private long droppedOut;
    private long lastSentNanos;
    private long maxSendGapNanos;
    private long lateSends;
    private long underrunsBefore;
    private long overflowsBefore;
    /** What {@link #flush} has already added to the listener's counters. */
    private long flushedUnderruns;
    private long flushedOverflows;
    private long flushedDroppedOut;

    /** A frame of {@code bytes} audio bytes came from the caller. */
    void received(int bytes) {
        framesIn++;
        bytesIn += bytes;
    }

    /** A frame of {@code bytes} audio bytes went to the caller at {@code now} (the pacer's clock). */
    void sent(int bytes, long now) {
        if (framesOut > 0) {
            long gap = now - lastSentNanos;
            maxSendGapNanos = Math.max(maxSendGapNanos, gap);
            if (gap > LATE_SEND_NANOS) {
                lateSends++;
            }
        }
        lastSentNanos = now;
        framesOut++;
        bytesOut += bytes;
    }

    /** A frame was not sent: the socket's write buffer was above its high watermark. */
    void droppedOut() {
        droppedOut++;
    }

    /**
     * {@code replaced} leaves the call: its underruns and overflows stay in the call's totals, and
     * {@code lostFrames} it still held (which cannot play in the new buffer) count as overflows.
     */
    void retire(PlayoutBuffer replaced, int lostFrames) {
        underrunsBefore += replaced.underruns();
        overflowsBefore += replaced.overflows() + lostFrames;
    }

    long framesIn() {
        return framesIn;
    }

    long framesOut() {
        return framesOut;
    }

    long bytesIn() {
        return bytesIn;
    }

    long bytesOut() {
        return bytesOut;
    }

    /** Underruns of the whole call, {@code current} being its playout buffer now. */
    long underruns(PlayoutBuffer current) {
        return underrunsBefore + current.underruns();
    }

    /** Overflows of the whole call, {@code current} being its playout buffer now. */
    long overflows(PlayoutBuffer current) {
        return overflowsBefore + current.overflows();
    }

    /**
     * Adds the underruns, overflows and dropped frames counted since the last flush to the
     * listener's counters; nothing shared is touched when none changed. On every tick.
     */
    void flush(CallCounters c, PlayoutBuffer current) {
        long u = underruns(current);
        if (u != flushedUnderruns) {
            c.underruns.add(u - flushedUnderruns);
            flushedUnderruns = u;
        }
        long o = overflows(current);
        if (o != flushedOverflows) {
            c.overflows.add(o - flushedOverflows);
            flushedOverflows = o;
        }
        if (droppedOut != flushedDroppedOut) {
            c.droppedOut.add(droppedOut - flushedDroppedOut);
            flushedDroppedOut = droppedOut;
        }
    }

    /** Adds the finished call's figures to the listener's counters. Once per call. */
    void addTo(CallCounters c, PlayoutBuffer current) {
        c.framesIn.add(framesIn);
        c.framesOut.add(framesOut);
        c.bytesIn.add(bytesIn);
        c.bytesOut.add(bytesOut);
        flush(c, current);
    }

    /** Hands the finished call's record, from {@code trace} and these figures, to {@code recorder}. */
    void record(CallRecorder recorder, CallTrace trace, Call call, EndReason reason, PlayoutBuffer current) {
        try {
            recorder.ended(trace.toRecord(call, java.time.Instant.now(), reason, framesIn, framesOut,
                    underruns(current)));
        } catch (RuntimeException e) {
            CALLS.error("{} call record not taken", call.logPrefix(), e);
        }
    }

    /**
     * Writes the {@code ramal.calls} line of a finished call. Its format is read by people and
     * scripts: change it only with the docs.
     */
    void logEnded(String prefix, String mode, SocketAddress remote, long durationMillis, PlayoutBuffer current,
                  EndReason reason, String why) {
        CALLS.info("call ended {} mode={} remote={} duration-ms={} frames-in={} frames-out={} underruns={} "
                        + "overflows={} dropped-out={} send-gap-max-ms={} late-sends={} reason={} detail=\"{}\"",
                prefix, mode, remote, durationMillis, framesIn, framesOut, underruns(current), overflows(current),
                droppedOut, maxSendGapNanos / 1_000_000, lateSends, reason.label(), LogText.escape(why));
    }
}
