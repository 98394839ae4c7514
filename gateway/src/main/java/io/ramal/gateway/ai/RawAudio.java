package io.ramal.gateway.ai;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.ramal.audio.AudioFormat;

/**
 * Protocol {@code raw}: the audio is slin (16-bit little-endian) at the agent's rate in binary
 * messages both ways, for agents that would rather not decode base64 mu-law; the control
 * messages stay Twilio's JSON text. A {@code media} message breaks the protocol.
 */
final class RawAudio extends AgentWire {

    RawAudio(MediaStreamWriter json) {
        super(json);
    }

    @Override
    String encoding() {
        return MediaStreamWriter.SLIN_ENCODING;
    }

    @Override
    CallerUplink uplink(AudioFormat callFormat, AudioFormat agentFormat, long framesBefore) {
        return new CallerUplink(callFormat, agentFormat, false, framesBefore);
    }

    @Override
    AgentDownlink downlink(AudioFormat agentFormat, AudioFormat callFormat, long bytesBefore) {
        return new AgentDownlink(agentFormat, callFormat, false, bytesBefore);
    }

    @Override
    WebSocketFrame audio(ByteBufAllocator alloc, byte[] frame, long timestampMs) {
        return new BinaryWebSocketFrame(alloc.buffer(frame.length).writeBytes(frame));
    }

    @Override
    AgentMessage text(ByteBuf utf8) throws AgentMessage.BadMessageException {
        AgentMessage m = AgentMessage.parse(utf8);
        if (m instanceof AgentMessage.Media) {
            throw new AgentMessage.BadMessageException("media message on the raw protocol: send audio as binary messages");
        }
        return m;
    }

    @Override
    ByteBuf binary(ByteBuf data) {
        return data;
    }
}
