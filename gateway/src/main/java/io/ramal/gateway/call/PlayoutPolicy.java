package io.ramal.gateway.call;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.PlayoutBuffer;

/**
 * How a call's playout buffer is made and what plays when it is empty, from the {@code call:}
 * settings: the capacity each handler asks for, the live buffer's latency limit, and silence on
 * idle ticks. The session asks it for a buffer when a call starts, when the caller's format
 * changes and when a transfer brings a handler that wants another capacity.
 *
 * <p>A buffer sized for live talkers (echo, a bridged partner) also keeps their latency near the
 * start threshold: a burst, a stalled loop or a faster far-end clock is trimmed after half a
 * second to one frame over the threshold (the most that arrival jitter alone keeps queued)
 * instead of delaying the conversation for good. A buffer for bursty producers (an AI agent) is
 * never trimmed: its audio plays late rather than not at all. Immutable.
 */
final class PlayoutPolicy {

    /** Ticks an excess over the live latency target may last before it is dropped. */
    static final int LIVE_LATENCY_WINDOW_TICKS = 25;

    private final CallSettings settings;

    PlayoutPolicy(CallSettings settings) {
        this.settings = settings;
    }

    /** A playout buffer in {@code format} of the capacity {@code handler} asks for. */
    PlayoutBuffer newBuffer(AudioFormat format, CallHandler handler) {
        return newBuffer(format, capacityFrames(handler));
    }

    /** True when {@code buffer} already has the capacity {@code handler} asks for. */
    boolean fits(PlayoutBuffer buffer, CallHandler handler) {
        return buffer.capacityFrames() == capacityFrames(handler);
    }

    /** Whether a tick with nothing to play sends a silence frame (keeping Asterisk's timer happy). */
    boolean silenceWhenIdle() {
        return settings.silenceWhenIdle();
    }

    private int capacityFrames(CallHandler handler) {
        return handler.playoutCapacityFrames(settings);
    }

    private PlayoutBuffer newBuffer(AudioFormat format, int capacityFrames) {
        int start = Math.min(settings.playoutStartFrames(), capacityFrames);
        PlayoutBuffer b = PlayoutBuffer.of(format, capacityFrames, start, settings.playoutPrimeTicks());
        if (capacityFrames <= settings.livePlayoutCapacityFrames()) {
            b.limitLatency(Math.min(capacityFrames, start + 1), LIVE_LATENCY_WINDOW_TICKS);
        }
        return b;
    }
}
