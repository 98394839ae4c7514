package io.ramal.gateway.call;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.ramal.audio.AudioFormat;
import io.ramal.audio.PlayoutBuffer;

/**
 * What a {@link CallHandler} may do with its call. Every method must be called on
 * {@link #eventLoop()}; from elsewhere, hand the work over with {@code eventLoop().execute(..)}.
 */
public interface CallContext {

    /** Identity of the call. */
    Call call();

    /** The event loop that owns this call; handlers' outbound connections should use it too. */
    EventLoop eventLoop();

    /**
     * The slin format of the call's audio both ways: the kind the caller sends (until its first
     * audio frame, the extension's {@code format} setting, 8 kHz by default).
     */
    AudioFormat format();

    /** The call's playout buffer: what the caller will hear, one frame per tick. */
    PlayoutBuffer playout();

    /** Queues the readable bytes of {@code audio} (not consumed, not released) for playout. */
    void play(ByteBuf audio);

    /** Queues {@code len} bytes of audio in the call's format for playout. */
    void play(byte[] audio, int off, int len);

    /** Ends the call now: hangup frame, then close. Idempotent. */
    void hangup(String why);

    /**
     * Ends the call by closing its connection without a hangup frame ({@link EndReason#MOVED}): for a
     * leg relayed from another node whose queue left this node, so that node re-enters it elsewhere.
     */
    default void moveAway(String why) {
        hangup(why);
    }

    /**
     * Replaces the handler: the current one gets {@code onEnd} with {@link EndReason#TRANSFERRED}
     * (its audio still queued plays on), then {@code next.onStart}. For transfers such as AI to
     * queue.
     */
    default void transfer(CallHandler next, String why) {
        transfer(next, null, why);
    }

    /** As {@link #transfer(CallHandler, String)}, to the handler of ramal {@code target}, which the call's record lists. */
    void transfer(CallHandler next, String target, String why);

    /** What the handlers tell about the call for its record (queue, answer, agent, who hung up). */
    CallTrace trace();

    /** The current handler. */
    CallHandler handler();

    /** True until the call ended. */
    boolean isActive();

    /** Audio frames received from the caller so far. */
    long framesIn();

    /** Audio frames sent to the caller so far (silence included). */
    long framesOut();
}
