package io.ramal.gateway.ai;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.ramal.audio.AudioFormat;
import io.ramal.audio.G711;
import io.ramal.audio.PlayoutBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TwilioMediaStreamsTest {

    private final AgentWire wire = AgentProtocol.TWILIO.wire(new MediaStreamWriter("MZ1", "call-uuid"));
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    private static JsonNode json(ByteBuf b) throws Exception {
        try {
            return TestAgent.MAPPER.readTree(b.toString(StandardCharsets.UTF_8));
        } finally {
            b.release();
        }
    }

    @Test
    void theSettingNamesThisWire() {
        assertInstanceOf(TwilioMediaStreams.class, wire);
    }

    @Test
    void startNamesMulawAt8k() throws Exception {
        JsonNode f = json(wire.start(alloc, "9300", Map.of(), AudioFormat.SLIN_8K)).path("start").path("mediaFormat");
        assertEquals("audio/x-mulaw", f.path("encoding").asText());
        assertEquals(8000, f.path("sampleRate").asInt());
    }

    @Test
    void callerAudioGoesOutAsMulawInMediaTextMessages() throws Exception {
        int samples = AudioFormat.SLIN_8K.frameSamples();
        byte[] slin = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            int v = (i * 97) % 4000 - 2000;
            slin[2 * i] = (byte) v;
            slin[2 * i + 1] = (byte) (v >> 8);
        }
        List<byte[]> frames = new ArrayList<>();
        CallerUplink up = wire.uplink(AudioFormat.SLIN_8K, AudioFormat.SLIN_8K, 0);
        up.accept(slin, 0, slin.length, f -> frames.add(f.clone()));
        assertEquals(1, frames.size());
        byte[] expected = new byte[samples];
        G711.muLawEncode(slin, 0, expected, 0, expected.length);
        assertArrayEquals(expected, frames.get(0), "the uplink hands out mu-law");

        WebSocketFrame m = wire.audio(alloc, frames.get(0), 40);
        TextWebSocketFrame text = assertInstanceOf(TextWebSocketFrame.class, m);
        JsonNode media = json(text.content());
        assertEquals("media", media.path("event").asText());
        assertEquals("40", media.path("media").path("timestamp").asText());
        assertArrayEquals(expected, Base64.getDecoder().decode(media.path("media").path("payload").asText()));
    }

    @Test
    void agentMediaIsDecodedAndItsAudioIsMulaw() throws Exception {
        byte[] mulaw = new byte[160];
        Arrays.fill(mulaw, (byte) 0x10);
        ByteBuf in = Unpooled.copiedBuffer("{\"event\":\"media\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(mulaw) + "\"}}", StandardCharsets.UTF_8);
        AgentMessage.Media media;
        try {
            media = assertInstanceOf(AgentMessage.Media.class, wire.text(in));
        } finally {
            in.release();
        }
        PlayoutBuffer playout = PlayoutBuffer.of(AudioFormat.SLIN_8K, 10, 1, 0);
        AgentDownlink down = wire.downlink(AudioFormat.SLIN_8K, AudioFormat.SLIN_8K, 0);
        down.accept(media.audio(), 0, media.audio().length, playout);
        assertEquals(20, down.millis(), "160 mu-law bytes are 20 ms at 8 kHz");
        byte[] slin = new byte[320];
        G711.muLawDecode(mulaw, 0, slin, 0, mulaw.length);
        byte[] frame = new byte[320];
        assertEquals(320, playout.read(frame, 0));
        assertArrayEquals(slin, frame);
    }

    @Test
    void aBinaryMessageBreaksTheProtocol() {
        ByteBuf b = Unpooled.wrappedBuffer(new byte[320]);
        AgentMessage.BadMessageException e = assertThrows(AgentMessage.BadMessageException.class, () -> wire.binary(b));
        assertEquals("binary message on the twilio protocol: send audio as media messages", e.getMessage());
        assertEquals(1, b.refCnt(), "the message stays the caller's to release");
        b.release();
    }

    @Test
    void controlMessagesShareTheStreamsSequence() throws Exception {
        assertEquals("connected", json(wire.connected(alloc)).path("event").asText());
        assertEquals("1", json(wire.start(alloc, "9300", Map.of(), AudioFormat.SLIN_8K)).path("sequenceNumber").asText());
        assertEquals("2", json(wire.dtmf(alloc, '5')).path("sequenceNumber").asText());
        assertEquals("m", json(wire.mark(alloc, "m")).path("mark").path("name").asText());
        assertEquals("transfer-failed", json(wire.ramalFailed(alloc, "transfer", "x", "unknown")).path("action").asText());
        assertEquals("5", json(wire.stop(alloc)).path("sequenceNumber").asText());
    }
}
