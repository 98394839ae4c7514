package io.ramal.gateway.handler;

import io.netty.buffer.ByteBuf;
import io.ramal.audio.AudioFormat;
import io.ramal.gateway.call.CallContext;
import io.ramal.gateway.call.CallHandler;
import io.ramal.gateway.call.CallSettings;

/**
 * The test line: plays back what the caller says, through the playout buffer and so at the
 * caller's own pace and rate. Its buffer is the live size: should the caller's clock run faster
 * than ours, the oldest audio is dropped rather than letting the echo's delay grow.
 */
public final class EchoHandler implements CallHandler {

    @Override
    public void onStart(CallContext call) {
    }

    @Override
    public void onAudio(CallContext call, ByteBuf payload, AudioFormat format) {
        call.play(payload);
    }

    @Override
    public int playoutCapacityFrames(CallSettings settings) {
        return settings.livePlayoutCapacityFrames();
    }
}
