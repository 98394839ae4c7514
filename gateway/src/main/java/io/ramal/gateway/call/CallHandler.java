package io.ramal.gateway.call;

import io.netty.buffer.ByteBuf;
import io.ramal.audio.AudioFormat;

/**
 * What answers a call: echo, AI agent, queue, attendant. One instance per call, called only on
 * the call's event loop, so its state needs no locks; it must never block. It speaks by writing
 * audio into {@link CallContext#playout()} (or {@link CallContext#play}), which the pacer sends
 * at exactly one 20 ms frame per tick.
 */
public interface CallHandler {

    /** The call is identified and its playout buffer exists. */
    void onStart(CallContext call);

    /**
     * A frame of the caller's audio. {@code payload} is only valid during this call and is
     * reused for the next frame: read or copy it, never retain it.
     */
    void onAudio(CallContext call, ByteBuf payload, AudioFormat format);

    /**
     * The caller switched to {@code format} (its audio frames now carry another kind): the call's
     * playout buffer has already been replaced by an empty one in the new format, and
     * {@link CallContext#format()} says {@code format}. Called once per change, before the first
     * {@link #onAudio} in the new format; handlers that cache the format or the buffer refresh
     * them here rather than comparing on every tick.
     */
    default void onFormatChange(CallContext call, AudioFormat format) {
    }

    /** A DTMF digit ended on the caller's side. */
    default void onDtmf(CallContext call, char digit) {
    }

    /** Once per 20 ms tick, just before the pacer takes this call's next frame. */
    default void onTick(CallContext call) {
    }

    /** The call ended (or the handler was replaced); release what the handler holds. Called once. */
    default void onEnd(CallContext call, EndReason reason) {
    }

    /**
     * Most 20 ms frames this handler's playout buffer holds. Bursty producers (an AI agent) want
     * seconds; live talkers (echo, a bridged partner) want little, so that a faster clock on the
     * far side cannot build latency.
     */
    default int playoutCapacityFrames(CallSettings settings) {
        return settings.playoutCapacityFrames();
    }
}
