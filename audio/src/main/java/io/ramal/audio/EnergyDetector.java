package io.ramal.audio;

/**
 * A simple voice activity detector: each frame's energy (RMS in dBFS) is compared with a
 * threshold, speech starts after {@code startFrames} consecutive frames above it and ends after
 * {@code endFrames} consecutive frames below it. The start count keeps clicks and line noise from
 * counting as speech; the end count (the hangover) keeps the pauses between words from counting
 * as the end of a turn, which is what an AI agent waits for before it answers.
 *
 * <p>dBFS here is the RMS relative to 32768, so a full-scale square wave is 0 dBFS and a
 * full-scale sine about -3 dBFS; digital silence is negative infinity. Frames may be any length
 * (20 ms is usual). Nothing is allocated per frame. Not thread-safe: confine to the call's event
 * loop.
 */
public final class EnergyDetector {

    /** What a frame changed. */
    public enum Event {
        /** No change: still speaking, or still silent. */
        NONE,
        /** This frame completed {@code startFrames} frames above the threshold. */
        SPEECH_START,
        /** This frame completed {@code endFrames} frames below the threshold. */
        SPEECH_END
    }

    private final double thresholdDbfs;
    private final int startFrames;
    private final int endFrames;

    private boolean speaking;
    private int run;          // consecutive frames pointing to the other state
    private double lastDbfs = Double.NEGATIVE_INFINITY;

    /**
     * @param thresholdDbfs energy at or above which a frame counts as speech, below 0 (e.g. -40)
     * @param startFrames   loud frames in a row that start speech, >= 1
     * @param endFrames     quiet frames in a row that end it, >= 1 (e.g. 40 frames: 800 ms)
     */
    public EnergyDetector(double thresholdDbfs, int startFrames, int endFrames) {
        if (!(thresholdDbfs < 0)) {
            throw new IllegalArgumentException("thresholdDbfs=" + thresholdDbfs + ", expected below 0");
        }
        if (startFrames < 1) {
            throw new IllegalArgumentException("startFrames=" + startFrames + ", expected >= 1");
        }
        if (endFrames < 1) {
            throw new IllegalArgumentException("endFrames=" + endFrames + ", expected >= 1");
        }
        this.thresholdDbfs = thresholdDbfs;
        this.startFrames = startFrames;
        this.endFrames = endFrames;
    }

    /**
     * Takes the next frame of slin.
     *
     * @return the transition this frame completed, or {@link Event#NONE}
     */
    public Event accept(byte[] slinLE, int off, int len) {
        lastDbfs = dbfs(slinLE, off, len);
        boolean loud = lastDbfs >= thresholdDbfs;
        if (loud == speaking) {
            run = 0;
            return Event.NONE;
        }
        run++;
        if (!speaking && run >= startFrames) {
            speaking = true;
            run = 0;
            return Event.SPEECH_START;
        }
        if (speaking && run >= endFrames) {
            speaking = false;
            run = 0;
            return Event.SPEECH_END;
        }
        return Event.NONE;
    }

    /** True between a {@link Event#SPEECH_START} and the following {@link Event#SPEECH_END}. */
    public boolean speaking() {
        return speaking;
    }

    /** Energy of the last frame accepted, in dBFS. */
    public double lastDbfs() {
        return lastDbfs;
    }

    /** Back to silence, as when newly created: after barge-in or a transfer. */
    public void reset() {
        speaking = false;
        run = 0;
        lastDbfs = Double.NEGATIVE_INFINITY;
    }

    /**
     * RMS energy of {@code len} bytes of slin in dBFS (relative to 32768), negative infinity for
     * digital silence.
     *
     * @throws IllegalArgumentException when {@code len} is not a positive even count
     */
    public static double dbfs(byte[] slinLE, int off, int len) {
        if (len <= 0 || (len & 1) != 0) {
            throw new IllegalArgumentException("len=" + len + ", expected an even count > 0");
        }
        if (off < 0 || len > slinLE.length - off) {
            throw new IndexOutOfBoundsException("off=" + off + " len=" + len + " length=" + slinLE.length);
        }
        long sum = 0; // 32768^2 per sample: a long holds 2^33 samples of full scale
        for (int i = off; i < off + len; i += 2) {
            int s = (short) ((slinLE[i] & 0xFF) | (slinLE[i + 1] << 8));
            sum += (long) s * s;
        }
        if (sum == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double meanSquare = (double) sum / (len / 2);
        return 10 * Math.log10(meanSquare / (32768.0 * 32768.0));
    }
}
