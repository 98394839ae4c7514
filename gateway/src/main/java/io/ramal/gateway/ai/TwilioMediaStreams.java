package io.ramal.gateway.ai;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.ramal.audio.AudioFormat;

/**
 * <a href="https://www.twilio.com/docs/voice/media-streams/websocket-messages">Twilio Media
 * Streams</a>, protocol {@code twilio}: the caller's audio goes out as mu-law 8 kHz in JSON
 * {@code media} messages, written without an allocation but the pooled buffer; the agent's comes
 * back the same way. A binary message breaks the protocol.
 */
final class TwilioMediaStreams extends AgentWire {

    TwilioMediaStreams(MediaStreamWriter json) {
        super(json);
    }

    @Override
    String encoding() {
        return MediaStreamWriter.MULAW_ENCODING;
    }

    @Override
    CallerUplink uplink(AudioFormat callFormat, AudioFormat agentFormat, long framesBefore) {
        return new CallerUplink(callFormat, agentFormat, true, framesBefore);
    }

    @Override
    AgentDownlink downlink(AudioFormat agentFormat, AudioFormat callFormat, long bytesBefore) {
        return new AgentDownlink(agentFormat, callFormat, true, bytesBefore);
    }

    @Override
    WebSocketFrame audio(ByteBufAllocator alloc, byte[] frame, long timestampMs) {
        return new TextWebSocketFrame(json.media(alloc, frame, timestampMs));
    }

    @Override
    AgentMessage text(ByteBuf utf8) throws AgentMessage.BadMessageException {
        return AgentMessage.parse(utf8);
    }

    @Override
    ByteBuf binary(ByteBuf data) throws AgentMessage.BadMessageException {
        throw new AgentMessage.BadMessageException("binary message on the twilio protocol: send audio as media messages");
    }
}
