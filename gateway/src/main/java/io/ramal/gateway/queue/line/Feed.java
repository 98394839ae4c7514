package io.ramal.gateway.queue.line;

import io.ramal.audio.PlayoutBuffer;

import java.util.ArrayDeque;
import java.util.List;

/**
 * What a queue handler plays when it is not relaying a partner: clips one after another (an
 * announcement), and under them an optional loop (hold audio). It keeps the playout buffer only
 * a few frames ahead, topping it up once per tick: the buffer is sized for live talkers, so a
 * whole prompt would not fit, and a short lead lets a new clip (the connect tone) start on the
 * tick it is asked for.
 *
 * <p>Every array holds whole frames of the call's format (the prompt library pads them). Confined to
 * the call's event loop.
 */
final class Feed {

    private final ArrayDeque<byte[]> clips = new ArrayDeque<>();
    private byte[] current;
    private int pos;
    private byte[] loop;
    private int loopPos;

    /** Plays {@code clip} after the clips already queued (at once when none plays). */
    void play(byte[] clip) {
        if (current == null) {
            current = clip;
            pos = 0;
        } else {
            clips.add(clip);
        }
    }

    /** Lets the clip now playing finish, then plays {@code next} instead of what was queued after it. */
    void replaceQueued(List<byte[]> next) {
        clips.clear();
        for (byte[] c : next) {
            play(c);
        }
    }

    /** Loops {@code audio} whenever no clip plays; null for silence. */
    void loop(byte[] audio) {
        if (audio != loop) {
            loop = audio;
            loopPos = 0;
        }
    }

    /** Drops every clip, the one playing included; the loop stays. */
    void stopClips() {
        clips.clear();
        current = null;
    }

    /** True while a clip plays or waits. */
    boolean playingClip() {
        return current != null;
    }

    /** Tops {@code out} up to {@code ahead} frames of {@code frameBytes}; returns the frames written. */
    int fill(PlayoutBuffer out, int frameBytes, int ahead) {
        int written = 0;
        while (out.queuedFrames() < ahead) {
            if (current != null) {
                out.write(current, pos, frameBytes);
                pos += frameBytes;
                if (pos >= current.length) {
                    current = clips.poll();
                    pos = 0;
                }
            } else if (loop != null) {
                out.write(loop, loopPos, frameBytes);
                loopPos += frameBytes;
                if (loopPos >= loop.length) {
                    loopPos = 0;
                }
            } else {
                break;
            }
            written++;
        }
        return written;
    }
}
