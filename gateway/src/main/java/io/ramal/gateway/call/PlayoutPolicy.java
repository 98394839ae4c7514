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
 * start threshold: a burst, a stalled loop or a faster far-end clock that keeps more than one
 * frame over the threshold queued (the most that arrival jitter alone keeps) for half a second is
 * trimmed back, pauses first, instead of delaying the conversation for good. The call's first
 * burst (what Asterisk queued while the leg came up) is kept whole, past the capacity, and
 * trimmed the same way afterwards. A buffer for bursty producers (an AI agent) is never trimmed:
 * its audio plays late rather than not at all. Immutable.
 */
final class PlayoutPolicy {

    /** Ticks an excess over the live latency target may last before it is trimmed. */
    static final int LIVE_LATENCY_WINDOW_TICKS = 25;
    /**
     * Most frames of a live call's first burst kept past the capacity: one second. Asterisk sends
     * 13 or 14 with {@code Answer()} before {@code Dial}; a leg that took longer to come up has a
     * problem of its own, and more would be a second of delay to trim away.
     */
    static final int LIVE_FIRST_BURST_FRAMES = 50;

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
            b.limitLatency(Math.min(capacityFrames, start + 1), LIVE_LATENCY_WINDOW_TICKS, LIVE_FIRST_BURST_FRAMES);
        }
        return b;
    }
}
