package io.ramal.gateway.ai;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.ramal.audio.AudioFormat;

import java.util.Map;

/**
 * One call's stream to its agent as the {@code protocol} setting has it spoken: the one place
 * that knows how the caller's audio is encoded and carried out, and which of the agent's messages
 * carry audio in. {@link TwilioMediaStreams} sends mu-law in JSON {@code media} messages,
 * {@link RawAudio} slin in binary messages; both speak the rest of the Twilio message set
 * ({@code connected}, {@code start}, {@code dtmf}, {@code mark}, {@code stop}, and Ramal's
 * {@code ramal} replies) through a {@link MediaStreamWriter}, which numbers every message of the
 * stream. The handler asks the wire and never which protocol it speaks.
 *
 * <p>Confined to the call's event loop, like the writer it holds.
 */
abstract sealed class AgentWire permits TwilioMediaStreams, RawAudio {

    /** The JSON messages of the stream, with their sequence numbers. */
    final MediaStreamWriter json;

    AgentWire(MediaStreamWriter json) {
        this.json = json;
    }

    /** What the {@code start} message names as {@code mediaFormat.encoding}. */
    abstract String encoding();

    /** The caller's audio path: slin at the call's rate in, 20 ms frames in this wire's encoding out. */
    abstract CallerUplink uplink(AudioFormat callFormat, AudioFormat agentFormat, long framesBefore);

    /** The agent's audio path: this wire's encoding in, slin at the call's rate into the playout buffer. */
    abstract AgentDownlink downlink(AudioFormat agentFormat, AudioFormat callFormat, long bytesBefore);

    /**
     * One 20 ms frame of the caller's audio, from {@link #uplink}, as the message that carries it.
     * The array is reused by the caller after this returns.
     *
     * @param timestampMs the frame's place in the stream
     */
    abstract WebSocketFrame audio(ByteBufAllocator alloc, byte[] frame, long timestampMs);

    /**
     * Decodes a text message of the agent (not consumed, not released).
     *
     * @throws AgentMessage.BadMessageException when it breaks this protocol
     */
    abstract AgentMessage text(ByteBuf utf8) throws AgentMessage.BadMessageException;

    /**
     * The agent's audio that a binary message carries (the message itself or a slice of it).
     *
     * @throws AgentMessage.BadMessageException when this protocol carries no audio in binary messages
     */
    abstract ByteBuf binary(ByteBuf data) throws AgentMessage.BadMessageException;

    final ByteBuf connected(ByteBufAllocator alloc) {
        return json.connected(alloc);
    }

    /**
     * The {@code start} message.
     *
     * @param ramal       the extension, also added to the custom parameters as {@code ramal}
     * @param parameters  the extension's {@code parameters}
     * @param agentFormat the rate of the audio the agent hears and sends
     */
    final ByteBuf start(ByteBufAllocator alloc, String ramal, Map<String, String> parameters, AudioFormat agentFormat) {
        return json.start(alloc, ramal, parameters, encoding(), agentFormat);
    }

    final ByteBuf dtmf(ByteBufAllocator alloc, char digit) {
        return json.dtmf(alloc, digit);
    }

    final ByteBuf mark(ByteBufAllocator alloc, String name) {
        return json.mark(alloc, name);
    }

    final ByteBuf stop(ByteBufAllocator alloc) {
        return json.stop(alloc);
    }

    final ByteBuf ramalFailed(ByteBufAllocator alloc, String action, String target, String reason) {
        return json.ramalFailed(alloc, action, target, reason);
    }
}
