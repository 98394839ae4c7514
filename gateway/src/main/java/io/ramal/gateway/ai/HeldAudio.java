package io.ramal.gateway.ai;

import io.ramal.audio.AudioFormat;

/**
 * The caller's audio while the agent's WebSocket connects: the uplink's 20 ms frames (already at
 * the agent's rate and in its encoding), held in order and handed out once the stream has
 * started, so that what the caller says from the first frame reaches the agent. A first call
 * after a start took 219 ms to connect, and a remote agent with TLS takes as long on every call:
 * the caller's first words went nowhere.
 *
 * <p>Bounded: at most {@link #MAX_FRAMES} frames (two seconds); past that the oldest is dropped
 * and counted. The frames held are always the latest and consecutive, so each one's place in the
 * stream (its media timestamp) follows from the uplink's frame count: nothing else is stored.
 * The ring grows by doubling from a few frames, so a fast connect holds little. Allocates per
 * call, never per frame.
 *
 * <p>Confined to the call's event loop.
 */
final class HeldAudio {

    /** Most frames held while connecting: two seconds. A slower agent loses the oldest. */
    static final int MAX_FRAMES = 2000 / AudioFormat.FRAME_MILLIS;

    private static final int INITIAL_FRAMES = 4;

    /** Takes a held frame (the array is reused after the call returns) and its media timestamp. */
    interface Sink {
        void frame(byte[] frame, long timestampMs);
    }

    private byte[] ring;
    private byte[] out;
    private int frameBytes;
    private int ringFrames;
    private int head;
    private int count;
    private long dropped;

    /** Holds a copy of {@code frame} (every frame of a call has the same length). */
    void add(byte[] frame) {
        if (ring == null) {
            frameBytes = frame.length;
            ringFrames = INITIAL_FRAMES;
            ring = new byte[ringFrames * frameBytes];
            out = new byte[frameBytes];
        } else if (frame.length != frameBytes) {
            throw new IllegalArgumentException("frame of " + frame.length + " bytes, the held ones have " + frameBytes);
        }
        if (count == MAX_FRAMES) {
            head = (head + 1) % ringFrames;
            count--;
            dropped++;
        } else if (count == ringFrames) {
            grow();
        }
        System.arraycopy(frame, 0, ring, (head + count) % ringFrames * frameBytes, frameBytes);
        count++;
    }

    /** Frames held now. */
    int size() {
        return count;
    }

    /** Frames dropped, the oldest, because more than {@link #MAX_FRAMES} came before the agent. */
    long dropped() {
        return dropped;
    }

    /**
     * Hands every frame held to {@code sink}, oldest first, each stamped with its place in the
     * stream as if it had been sent when it was made, and empties.
     *
     * @param nextStampMs the timestamp of the frame after the last one held: the uplink's count
     * @return the frames handed out
     */
    int release(long nextStampMs, Sink sink) {
        int n = count;
        long stamp = nextStampMs - (long) n * AudioFormat.FRAME_MILLIS;
        while (count > 0) {
            System.arraycopy(ring, head * frameBytes, out, 0, frameBytes);
            head = (head + 1) % ringFrames;
            count--;
            sink.frame(out, stamp);
            stamp += AudioFormat.FRAME_MILLIS;
        }
        head = 0;
        return n;
    }

    /** Drops everything held: the agent will not be reached. */
    void clear() {
        count = 0;
        head = 0;
    }

    private void grow() {
        int frames = Math.min(MAX_FRAMES, ringFrames * 2);
        byte[] bigger = new byte[frames * frameBytes];
        for (int i = 0; i < count; i++) {
            System.arraycopy(ring, (head + i) % ringFrames * frameBytes, bigger, i * frameBytes, frameBytes);
        }
        ring = bigger;
        ringFrames = frames;
        head = 0;
    }
}
