package io.ramal.gateway.ai;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentMessageTest {

    private static AgentMessage parse(String json) throws AgentMessage.BadMessageException {
        ByteBuf b = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            AgentMessage m = AgentMessage.parse(b);
            assertEquals(0, b.readerIndex(), "the buffer is not consumed");
            return m;
        } finally {
            b.release();
        }
    }

    @Test
    void twilioMediaIsDecodedFromBase64() throws Exception {
        byte[] mulaw = {(byte) 0xFF, 0x7F, 0x00, 0x10, 0x20};
        AgentMessage m = parse("{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(mulaw) + "\"}}");
        assertArrayEquals(mulaw, assertInstanceOf(AgentMessage.Media.class, m).audio());
    }

    @Test
    void markAndClearAreRecognised() throws Exception {
        assertEquals("intro", assertInstanceOf(AgentMessage.Mark.class,
                parse("{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"intro\"}}")).name());
        assertInstanceOf(AgentMessage.Clear.class, parse("{\"event\":\"clear\",\"streamSid\":\"MZ1\"}"));
    }

    @Test
    void ramalControlMessagesDefaultToAfterPlayout() throws Exception {
        AgentMessage.Transfer t = assertInstanceOf(AgentMessage.Transfer.class,
                parse("{\"event\":\"ramal\",\"action\":\"transfer\",\"target\":\"suporte\"}"));
        assertEquals("suporte", t.target());
        assertTrue(t.afterPlayout());
        AgentMessage.Transfer now = assertInstanceOf(AgentMessage.Transfer.class,
                parse("{\"event\":\"ramal\",\"action\":\"transfer\",\"target\":\"9000\",\"afterPlayout\":false}"));
        assertFalse(now.afterPlayout());
        assertTrue(assertInstanceOf(AgentMessage.Hangup.class,
                parse("{\"event\":\"ramal\",\"action\":\"hangup\",\"afterPlayout\":true}")).afterPlayout());
    }

    @Test
    void unknownEventsAreIgnoredNotErrors() throws Exception {
        assertEquals("connected", assertInstanceOf(AgentMessage.Ignored.class,
                parse("{\"event\":\"connected\"}")).event());
    }

    @Test
    void brokenMessagesSayWhatIsWrong() {
        assertTrue(assertThrows(AgentMessage.BadMessageException.class, () -> parse("{not json"))
                .getMessage().startsWith("not JSON"));
        assertTrue(assertThrows(AgentMessage.BadMessageException.class, () -> parse("[1,2]"))
                .getMessage().contains("expected a JSON object"));
        assertTrue(assertThrows(AgentMessage.BadMessageException.class, () -> parse("{\"x\":1}"))
                .getMessage().contains("without event"));
        assertTrue(assertThrows(AgentMessage.BadMessageException.class,
                () -> parse("{\"event\":\"media\",\"media\":{}}")).getMessage().contains("media.payload"));
        assertTrue(assertThrows(AgentMessage.BadMessageException.class,
                () -> parse("{\"event\":\"media\",\"media\":{\"payload\":\"***\"}}")).getMessage().contains("base64"));
        assertTrue(assertThrows(AgentMessage.BadMessageException.class,
                () -> parse("{\"event\":\"mark\",\"mark\":{}}")).getMessage().contains("mark.name"));
        assertTrue(assertThrows(AgentMessage.BadMessageException.class,
                () -> parse("{\"event\":\"ramal\",\"action\":\"transfer\"}")).getMessage().contains("target"));
        assertTrue(assertThrows(AgentMessage.BadMessageException.class,
                () -> parse("{\"event\":\"ramal\",\"action\":\"dance\"}")).getMessage().contains("'dance'"));
    }
}
