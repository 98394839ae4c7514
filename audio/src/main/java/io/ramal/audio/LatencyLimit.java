package io.ramal.audio;

/**
 * The latency limit of a live talker's {@link PlayoutBuffer} (echo, a bridged partner): what it
 * may hold past its capacity at the start of a call, and when its standing excess is trimmed.
 *
 * <p><b>The first burst is kept.</b> Asterisk queues the caller's audio while the AudioSocket leg
 * comes up (13 or 14 frames with {@code Answer()} before {@code Dial}) and sends it in one burst
 * right after the id frame. Until playout first starts the buffer holds up to
 * {@code firstBurstFrames}, past its capacity; the latency that burst brings is then accepted
 * as headroom over the capacity, so the audio that keeps coming behind it does not push it out;
 * so is what arrives late in the call's first second ({@link #SETTLE_TICKS}).
 * The headroom only shrinks: by one for every pause trimmed, and to nothing once the queue is
 * back at the target. So latency never grows past the capacity plus the first burst, and
 * during the call never past the capacity alone.
 *
 * <p><b>Excess is trimmed gradually, quiet frames first.</b> When more than {@code targetFrames}
 * stay queued for {@code windowTicks} ticks, every quiet frame (below {@link #QUIET_DBFS}) that
 * reaches the head is dropped instead of played, one per tick: a pause is shortened and nothing
 * said is lost. Should the excess last {@link #FORCE_AFTER_WINDOWS} windows with no pause in it,
 * and be more than the first burst's headroom (latency that built up during the call, not the
 * burst Asterisk queued before the leg was up), one frame is dropped whatever it holds, then one
 * more each window: a 20 ms skip every half second rather than one long one, until latency is
 * back within {@link #FORCE_SLACK_FRAMES} of the target plus the headroom. So the first burst's latency goes only as pauses come,
 * and a caller who never pauses loses nothing to it. Jitter shorter than the window is left
 * alone. Every frame dropped is counted as an overflow by the buffer.
 *
 * <p>Not thread-safe: confined with its buffer to the call's event loop.
 */
final class LatencyLimit {

    /** A frame whose RMS energy is below this (in dBFS) is a pause: line noise, not speech. */
    static final double QUIET_DBFS = -50;
    /** Windows an excess lasts, with no quiet frame to drop, before frames of speech go too. */
    static final int FORCE_AFTER_WINDOWS = 4;
    /**
     * Ticks after playout starts during which the call settles: what else Asterisk delivers late
     * in its first second (its own start, 200 legs coming up at once) joins the first burst's
     * headroom instead of being trimmed as latency built up during the call.
     */
    static final int SETTLE_TICKS = 50;
    /**
     * Frames of latency past the target and the first burst's headroom that speech is never cut
     * for: one frame of jitter that stays (a far side that once sent two frames in a tick) costs
     * 20 ms of latency until the next pause, not a word.
     */
    static final int FORCE_SLACK_FRAMES = 1;

    /** What a tick asks of the buffer. */
    enum Trim { NONE, IF_QUIET, DROP }

    private final int targetFrames;
    private final int windowTicks;
    private final int firstBurstFrames;
    private boolean started;
    private int headroom;    // frames over the capacity the first burst may still hold
    private int aboveTicks;  // consecutive ticks with more than targetFrames queued
    private int sinceStart;  // ticks since playout first started, up to SETTLE_TICKS
    private int beyondTicks; // ticks with more than targetFrames + headroom queued, less those without
    private Trim last = Trim.NONE; // what the latest tick asked

    /**
     * @param targetFrames     most frames a steady stream should keep queued, >= 1
     * @param windowTicks      how long an excess lasts before it is trimmed, >= 1
     * @param firstBurstFrames most frames the first burst may queue, past the capacity; 0 for none
     */
    LatencyLimit(int targetFrames, int windowTicks, int firstBurstFrames) {
        if (targetFrames < 1 || windowTicks < 1 || firstBurstFrames < 0) {
            throw new IllegalArgumentException("targetFrames=" + targetFrames + " windowTicks=" + windowTicks
                    + " firstBurstFrames=" + firstBurstFrames + ", expected >= 1, >= 1 and >= 0");
        }
        this.targetFrames = targetFrames;
        this.windowTicks = windowTicks;
        this.firstBurstFrames = firstBurstFrames;
    }

    /** Most frames the buffer may hold now, given its {@code capacity}. */
    int limit(int capacity) {
        return started ? capacity + headroom : Math.max(capacity, firstBurstFrames);
    }

    /** Playout starts for the first time with {@code queued} frames: the burst's latency becomes headroom. */
    void started(int queued) {
        if (!started) {
            started = true;
            headroom = Math.min(firstBurstFrames, Math.max(0, queued - targetFrames));
        }
    }

    /** One tick with {@code queued} frames: what to do with the frame at the head. */
    Trim tick(int queued) {
        last = decide(queued);
        return last;
    }

    private Trim decide(int queued) {
        boolean settling = started && sinceStart < SETTLE_TICKS;
        if (settling) {
            sinceStart++;
        }
        if (queued <= targetFrames) {
            aboveTicks = 0;
            beyondTicks = 0;
            if (started) {
                headroom = 0; // back at the target: the capacity alone applies from now on
            }
            return Trim.NONE;
        }
        aboveTicks++;
        if (settling) {
            headroom = Math.max(headroom, Math.min(firstBurstFrames, queued - targetFrames));
        }
        // Latency past the first burst's must persist too, or the jitter of one late tick would cost
        // a frame: the count leaks back down while it is not there, so a spike now and then never adds up.
        beyondTicks = queued - targetFrames - headroom > FORCE_SLACK_FRAMES ? beyondTicks + 1
                : Math.max(0, beyondTicks - 1);
        if (beyondTicks >= windowTicks * FORCE_AFTER_WINDOWS) {
            beyondTicks -= windowTicks; // the next one a window later
            return Trim.DROP;
        }
        return aboveTicks < windowTicks ? Trim.NONE : Trim.IF_QUIET;
    }

    /** The head frame was dropped: a pause dropped shrinks the first burst's headroom with it. */
    void dropped() {
        if (headroom > 0 && last == Trim.IF_QUIET) {
            headroom--;
        }
    }

    /** True when {@code len} bytes of slin at {@code off} are a pause rather than speech. */
    static boolean quiet(byte[] slin, int off, int len) {
        return len < 2 || EnergyDetector.dbfs(slin, off, len & ~1) < QUIET_DBFS;
    }
}
