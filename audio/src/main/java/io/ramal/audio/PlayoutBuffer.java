package io.ramal.audio;

/**
 * The audio a call is about to hear, as whole 20 ms frames, read out one frame per tick by the
 * gateway's pacer. Producers write chunks of any size (an AI sends two seconds in one go, a
 * bridge partner sends 20 ms at a time); the buffer re-frames them, holds at most
 * {@code capacityFrames} (dropping the oldest past that, which bounds latency for live talkers
 * whose clock runs faster than ours; a live call's first burst may go past it, see
 * {@link #limitLatency}), and starts playing only once {@code startThreshold} frames
 * are queued, so a talker whose frames arrive with jitter is neither starved nor delayed. A
 * stretch shorter than {@code startThreshold} frames still plays after {@code primeTicks} ticks.
 *
 * <p>A piece of a frame that ends a stretch (Asterisk ends every WAV playback with, say, 276 bytes
 * instead of 320) plays as a short frame of its own, never padded: the wire allows any length,
 * and 44 zero bytes would be a 2.75 ms gap in the caller's audio. It plays on the first tick
 * that finds nothing whole to play and no write since the previous tick (a piece just written
 * may still be completed). Each slot keeps its own length, so such a frame costs no allocation.
 * An odd piece (only a producer that splits samples writes one) gets one zero byte, the only
 * padding left: the wire carries whole samples.
 *
 * <p>Not thread-safe: confined to the call's event loop. The steady state allocates nothing: the
 * ring grows by doubling up to its capacity and is then reused.
 *
 * <p>Underruns: a gap in a stream, i.e. the buffer ran dry while playing and audio came again
 * within {@link #GAP_TICKS} ticks (or a piece of a frame held over the dry tick then played), so
 * every silent tick the gateway inserts into a stream is counted. A longer silence is the talker
 * pausing, not an underrun.
 */
public final class PlayoutBuffer {

    /** Dry ticks after which renewed audio counts as a new utterance rather than an underrun. */
    public static final int GAP_TICKS = 25;

    private static final int INITIAL_FRAMES = 8;

    private final int frameBytes;
    private final int capacityFrames;
    private final int startThreshold;
    private final int primeTicks;

    private byte[] ring;
    private int[] lengths;     // bytes in each slot of the ring: frameBytes, or fewer for a short frame
    private int ringFrames;
    private int head;          // index of the oldest queued frame
    private int count;         // whole frames queued
    private final byte[] partial;
    private int partialLen;
    private boolean wroteSinceRead; // a write came since the last tick: a partial frame may still grow

    private boolean playing;
    private int waitingTicks;  // ticks spent priming with something queued
    private int dryTicks = -1; // silent ticks since the buffer ran dry while playing, the first
                               // included, saturating at GAP_TICKS + 1; -1 when not dry

    private long framesWritten;
    private long framesRead;
    private long framesDropped;
    private LatencyLimit latency; // null: no latency limit beyond the capacity
    private long underruns;
    private long overflows;

    /**
     * @param frameBytes     bytes of one 20 ms frame ({@link AudioFormat#frameBytes()}), even, > 0
     * @param capacityFrames most frames held, >= 1
     * @param startThreshold frames queued before playout starts or restarts, 1..capacityFrames
     * @param primeTicks     ticks after which fewer than {@code startThreshold} frames play
     *                       anyway, >= 0
     */
    public PlayoutBuffer(int frameBytes, int capacityFrames, int startThreshold, int primeTicks) {
        if (frameBytes <= 0 || (frameBytes & 1) != 0) {
            throw new IllegalArgumentException("frameBytes=" + frameBytes + ", expected even and > 0");
        }
        if (capacityFrames < 1) {
            throw new IllegalArgumentException("capacityFrames=" + capacityFrames + ", expected >= 1");
        }
        if (startThreshold < 1 || startThreshold > capacityFrames) {
            throw new IllegalArgumentException("startThreshold=" + startThreshold
                    + ", expected 1.." + capacityFrames + " (the capacity)");
        }
        if (primeTicks < 0) {
            throw new IllegalArgumentException("primeTicks=" + primeTicks + ", expected >= 0");
        }
        this.frameBytes = frameBytes;
        this.capacityFrames = capacityFrames;
        this.startThreshold = startThreshold;
        this.primeTicks = primeTicks;
        this.ringFrames = Math.min(INITIAL_FRAMES, capacityFrames);
        this.ring = new byte[ringFrames * frameBytes];
        this.lengths = new int[ringFrames];
        this.partial = new byte[frameBytes];
    }

    /** A buffer for 20 ms frames of {@code format}. */
    public static PlayoutBuffer of(AudioFormat format, int capacityFrames, int startThreshold,
                                   int primeTicks) {
        return new PlayoutBuffer(format.frameBytes(), capacityFrames, startThreshold, primeTicks);
    }

    /**
     * Queues {@code len} bytes of audio. Whole frames become playable at once; a remainder waits
     * for the next write (or {@link #flushPartial()}). When the buffer is full the oldest frames
     * are dropped and counted as overflows.
     */
    public void write(byte[] src, int off, int len) {
        if (len < 0 || off < 0 || len > src.length - off) { // no int overflow for huge len
            throw new IndexOutOfBoundsException("off=" + off + " len=" + len + " length=" + src.length);
        }
        if (len > 0 && dryTicks >= 0) {
            if (dryTicks <= GAP_TICKS) {
                underruns++;
            }
            dryTicks = -1;
        }
        if (len > 0) {
            wroteSinceRead = true;
        }
        if (partialLen > 0) {
            int n = Math.min(len, frameBytes - partialLen);
            System.arraycopy(src, off, partial, partialLen, n);
            partialLen += n;
            off += n;
            len -= n;
            if (partialLen == frameBytes) {
                enqueue(partial, 0, frameBytes);
                partialLen = 0;
            }
        }
        while (len >= frameBytes) {
            enqueue(src, off, frameBytes);
            off += frameBytes;
            len -= frameBytes;
        }
        if (len > 0) {
            System.arraycopy(src, off, partial, 0, len);
            partialLen = len;
        }
    }

    /**
     * Makes a pending partial frame playable as a short frame of its own (not padded): the end of
     * an utterance, or a mark that must follow the audio before it. An odd piece gets one zero
     * byte, so that only whole samples go out.
     */
    public void flushPartial() {
        if (partialLen > 0) {
            int len = partialLen;
            if ((len & 1) != 0) {
                partial[len++] = 0; // frameBytes is even, so there is room
            }
            enqueue(partial, 0, len);
            partialLen = 0;
        }
    }

    /**
     * Takes the next frame for this tick. Call exactly once per 20 ms tick.
     *
     * @return the bytes copied to {@code dst} at {@code off}: {@code frameBytes}, or fewer for a
     *         short frame (an even number, at least 2); 0 when there is nothing to play this tick
     *         (priming, or dry)
     */
    public int read(byte[] dst, int off) {
        boolean fresh = wroteSinceRead;
        wroteSinceRead = false;
        if (count == 0 && partialLen > 0 && !fresh) {
            // Nothing whole to play and the piece of a frame got no company for a whole tick: the
            // talker stopped mid-frame (Asterisk ends a Playback with a short frame). Play it as
            // it is, rather than hold it until audio that may never come or pad it with silence.
            // (A piece just written waits that one tick: a producer may be splitting frames.)
            if (dryTicks >= 0 && dryTicks <= GAP_TICKS) {
                underruns++; // the stream ran dry before this piece, as if it had come late
            }
            dryTicks = -1;
            flushPartial();
        }
        if (!playing) {
            if (count == 0) {
                waitingTicks = 0;
                tickDry();
                return 0;
            }
            if (count < startThreshold && waitingTicks++ < primeTicks) {
                return 0;
            }
            playing = true;
            waitingTicks = 0;
            if (latency != null) {
                latency.started(count);
            }
        } else if (latency != null) {
            trimLatency();
        }
        if (count == 0) {
            playing = false;
            dryTicks = 1; // this tick is already silent
            return 0;
        }
        int len = lengths[head];
        System.arraycopy(ring, head * frameBytes, dst, off, len);
        head = (head + 1) % ringFrames;
        count--;
        framesRead++;
        return len;
    }

    /**
     * Drops everything queued, including a partial frame: barge-in.
     *
     * @return whole frames dropped
     */
    public int clear() {
        int dropped = count;
        framesDropped += dropped;
        count = 0;
        head = 0;
        partialLen = 0;
        playing = false;
        waitingTicks = 0;
        dryTicks = -1;
        return dropped;
    }

    /**
     * Moves what is about to play into {@code next}, a buffer of the same frame size: the oldest
     * whole frames that fit in its free space, then a partial frame if all of them did. A call
     * that changes handlers keeps the start of what it was about to hear; what does not fit
     * (seconds of an agent's reply going into a live buffer) is dropped here, counted as
     * dropped rather than as overflow. This buffer is left empty.
     *
     * @return whole frames dropped because they did not fit
     * @throws IllegalArgumentException when the frame sizes differ
     */
    public int moveTo(PlayoutBuffer next) {
        if (next.frameBytes != frameBytes) {
            throw new IllegalArgumentException("frameBytes " + frameBytes + " into " + next.frameBytes);
        }
        int room = next.capacityFrames - next.count;
        while (count > 0 && room > 0) {
            next.write(ring, head * frameBytes, lengths[head]);
            if (lengths[head] < frameBytes) {
                next.flushPartial(); // a short frame stays one
            }
            head = (head + 1) % ringFrames;
            count--;
            room--;
        }
        int dropped = count;
        framesDropped += dropped;
        count = 0;
        if (partialLen > 0 && dropped == 0 && room > 0) {
            next.write(partial, 0, partialLen);
        }
        partialLen = 0;
        head = 0;
        return dropped;
    }

    /**
     * For live talkers (echo, a bridged partner): keeps the call's first burst, past the
     * capacity, and trims a standing excess over {@code targetFrames} gradually, pauses first
     * (see {@link LatencyLimit}). Every frame trimmed is counted as an overflow. Call before the
     * first write.
     *
     * @param targetFrames     most frames a steady stream should keep queued, >= 1
     * @param windowTicks      how long an excess must last before it is trimmed, >= 1
     * @param firstBurstFrames most frames held before playout first starts, past the capacity
     *                         when larger; 0 for none
     */
    public void limitLatency(int targetFrames, int windowTicks, int firstBurstFrames) {
        this.latency = new LatencyLimit(targetFrames, windowTicks, firstBurstFrames);
    }

    private void trimLatency() {
        LatencyLimit.Trim t = latency.tick(count);
        if (t == LatencyLimit.Trim.NONE
                || t == LatencyLimit.Trim.IF_QUIET && !LatencyLimit.quiet(ring, head * frameBytes, lengths[head])) {
            return;
        }
        head = (head + 1) % ringFrames;
        count--;
        overflows++;
        framesDropped++;
        latency.dropped();
    }

    /** Most whole frames held now: the capacity, or more while a live call's first burst lasts. */
    private int limit() {
        return latency == null ? capacityFrames : latency.limit(capacityFrames);
    }

    /** Whole frames queued now. */
    public int queuedFrames() {
        return count;
    }

    /** True when nothing is queued, not even a partial frame. */
    public boolean isEmpty() {
        return count == 0 && partialLen == 0;
    }

    /** Frames that ever entered the buffer; a mark placed now is due when {@link #readPosition()} reaches it. */
    public long writePosition() {
        return framesWritten;
    }

    /** Frames that left the buffer: played, cleared, or dropped on overflow. */
    public long readPosition() {
        return framesRead + framesDropped;
    }

    /** Frames played. */
    public long framesPlayed() {
        return framesRead;
    }

    /** Gaps in a stream: the buffer ran dry and audio came again within {@link #GAP_TICKS}. */
    public long underruns() {
        return underruns;
    }

    /** Frames dropped because the buffer was full. */
    public long overflows() {
        return overflows;
    }

    /** Most whole frames held. */
    public int capacityFrames() {
        return capacityFrames;
    }

    /** Bytes of one frame. */
    public int frameBytes() {
        return frameBytes;
    }

    private void tickDry() {
        if (dryTicks >= 0 && dryTicks <= GAP_TICKS) {
            dryTicks++;
        }
    }

    private void enqueue(byte[] src, int off, int len) {
        int limit = limit();
        if (count >= limit) {
            head = (head + 1) % ringFrames;
            count--;
            overflows++;
            framesDropped++;
        } else if (count == ringFrames) {
            grow(limit);
        }
        int tail = (head + count) % ringFrames;
        System.arraycopy(src, off, ring, tail * frameBytes, len);
        lengths[tail] = len;
        count++;
        framesWritten++;
    }

    private void grow(int limit) {
        int newFrames = Math.min(limit, ringFrames * 2);
        byte[] bigger = new byte[newFrames * frameBytes];
        int[] biggerLengths = new int[newFrames];
        for (int i = 0; i < count; i++) {
            int slot = (head + i) % ringFrames;
            System.arraycopy(ring, slot * frameBytes, bigger, i * frameBytes, frameBytes);
            biggerLengths[i] = lengths[slot];
        }
        ring = bigger;
        lengths = biggerLengths;
        ringFrames = newFrames;
        head = 0;
    }
}
