package io.ramal.gateway.ai;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.ramal.audio.AudioFormat;
import io.ramal.audio.PlayoutBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RawAudioTest {

    private final AgentWire wire = AgentProtocol.RAW.wire(new MediaStreamWriter("MZ1", "call-uuid"));
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    private static byte[] ramp(int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 13);
        }
        return b;
    }

    @Test
    void theSettingNamesThisWire() {
        assertInstanceOf(RawAudio.class, wire);
    }

    @Test
    void startNamesSlinAtTheAgentsRate() throws Exception {
        ByteBuf b = wire.start(alloc, "9300", Map.of(), AudioFormat.SLIN_24K);
        JsonNode f;
        try {
            f = TestAgent.MAPPER.readTree(b.toString(StandardCharsets.UTF_8)).path("start").path("mediaFormat");
        } finally {
            b.release();
        }
        assertEquals("audio/x-slin", f.path("encoding").asText());
        assertEquals(24000, f.path("sampleRate").asInt());
    }

    @Test
    void callerAudioGoesOutAsSlinInBinaryMessages() {
        byte[] slin = ramp(AudioFormat.SLIN_16K.frameBytes());
        List<byte[]> frames = new ArrayList<>();
        wire.uplink(AudioFormat.SLIN_16K, AudioFormat.SLIN_16K, 0).accept(slin, 0, slin.length, f -> frames.add(f.clone()));
        assertEquals(1, frames.size());
        assertArrayEquals(slin, frames.get(0), "the uplink hands out slin as it came");

        BinaryWebSocketFrame m = assertInstanceOf(BinaryWebSocketFrame.class, wire.audio(alloc, frames.get(0), 0));
        try {
            assertArrayEquals(slin, ByteBufUtil.getBytes(m.content()));
        } finally {
            m.release();
        }
    }

    @Test
    void agentBinaryMessagesAreTheAudioAndItIsSlin() throws Exception {
        byte[] slin = ramp(AudioFormat.SLIN_8K.frameBytes());
        ByteBuf in = Unpooled.wrappedBuffer(slin);
        assertSame(in, wire.binary(in));
        PlayoutBuffer playout = PlayoutBuffer.of(AudioFormat.SLIN_8K, 10, 1, 0);
        AgentDownlink down = wire.downlink(AudioFormat.SLIN_8K, AudioFormat.SLIN_8K, 0);
        down.accept(in, playout);
        assertEquals(20, down.millis(), "320 slin bytes are 20 ms at 8 kHz");
        byte[] frame = new byte[slin.length];
        assertEquals(slin.length, playout.read(frame, 0));
        assertArrayEquals(slin, frame);
        in.release();
    }

    @Test
    void aMediaMessageBreaksTheProtocolWhileControlPasses() throws Exception {
        ByteBuf media = Unpooled.copiedBuffer("{\"event\":\"media\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(new byte[160]) + "\"}}", StandardCharsets.UTF_8);
        ByteBuf clear = Unpooled.copiedBuffer("{\"event\":\"clear\"}", StandardCharsets.UTF_8);
        try {
            AgentMessage.BadMessageException e = assertThrows(AgentMessage.BadMessageException.class,
                    () -> wire.text(media));
            assertEquals("media message on the raw protocol: send audio as binary messages", e.getMessage());
            assertInstanceOf(AgentMessage.Clear.class, wire.text(clear));
        } finally {
            media.release();
            clear.release();
        }
    }
}
