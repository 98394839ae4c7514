package io.ramal.gateway.ai;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.ramal.audio.AudioFormat;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MediaStreamWriterTest {

    private final MediaStreamWriter w = new MediaStreamWriter("MZ0123", "call-uuid");
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    private static JsonNode json(ByteBuf b) throws Exception {
        try {
            return TestAgent.MAPPER.readTree(b.toString(StandardCharsets.UTF_8));
        } finally {
            b.release();
        }
    }

    @Test
    void mediaCarriesBase64AndCountersAsTwilioSendsThem() throws Exception {
        byte[] mulaw = new byte[160];
        for (int i = 0; i < mulaw.length; i++) {
            mulaw[i] = (byte) (i * 7);
        }
        JsonNode first = json(w.media(alloc, mulaw, 0));
        JsonNode second = json(w.media(alloc, mulaw, 20));
        assertEquals("media", first.path("event").asText());
        assertEquals("1", first.path("sequenceNumber").asText());
        assertEquals("MZ0123", first.path("streamSid").asText());
        assertEquals("inbound", first.path("media").path("track").asText());
        assertEquals("1", first.path("media").path("chunk").asText());
        assertEquals("0", first.path("media").path("timestamp").asText());
        assertArrayEquals(mulaw, Base64.getDecoder().decode(first.path("media").path("payload").asText()));
        assertEquals("2", second.path("sequenceNumber").asText());
        assertEquals("2", second.path("media").path("chunk").asText());
        assertEquals("20", second.path("media").path("timestamp").asText());
    }

    @Test
    void startDescribesTheStreamAndSequenceCountsEveryMessage() throws Exception {
        JsonNode connected = json(w.connected(alloc));
        assertEquals("connected", connected.path("event").asText());
        JsonNode start = json(w.start(alloc, "9300", Map.of("lang", "pt"), MediaStreamWriter.MULAW_ENCODING,
                AudioFormat.SLIN_8K));
        assertEquals("1", start.path("sequenceNumber").asText());
        JsonNode s = start.path("start");
        assertEquals("ramal", s.path("accountSid").asText());
        assertEquals("MZ0123", s.path("streamSid").asText());
        assertEquals("call-uuid", s.path("callSid").asText());
        assertEquals("inbound", s.path("tracks").get(0).asText());
        assertEquals("pt", s.path("customParameters").path("lang").asText());
        assertEquals("9300", s.path("customParameters").path("ramal").asText());
        assertEquals("audio/x-mulaw", s.path("mediaFormat").path("encoding").asText());
        assertEquals(8000, s.path("mediaFormat").path("sampleRate").asInt());
        assertEquals(1, s.path("mediaFormat").path("channels").asInt());
        json(w.media(alloc, new byte[160], 0));
        JsonNode dtmf = json(w.dtmf(alloc, '#'));
        assertEquals("3", dtmf.path("sequenceNumber").asText());
        assertEquals("#", dtmf.path("dtmf").path("digit").asText());
        JsonNode mark = json(w.mark(alloc, "m1"));
        assertEquals("m1", mark.path("mark").path("name").asText());
        JsonNode stop = json(w.stop(alloc));
        assertEquals("5", stop.path("sequenceNumber").asText());
        assertEquals("call-uuid", stop.path("stop").path("callSid").asText());
    }

    @Test
    void decimalsAreWrittenWithoutStrings() {
        for (long v : new long[] {0, 9, 10, 99, 100, 12345, 1_000_000_007L, Long.MAX_VALUE}) {
            ByteBuf b = Unpooled.buffer();
            MediaStreamWriter.writeDecimal(b, v);
            assertEquals(Long.toString(v), b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
    }
}
