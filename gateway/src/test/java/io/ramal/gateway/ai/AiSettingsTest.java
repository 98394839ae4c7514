package io.ramal.gateway.ai;

import io.ramal.audio.AudioFormat;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AiSettingsTest {

    private static String error(Map<String, Object> settings) {
        return assertThrows(IllegalArgumentException.class, () -> AiSettings.from(settings)).getMessage();
    }

    @Test
    void onlyTheUrlIsRequiredAndTheRestHasDocumentedDefaults() {
        AiSettings s = AiSettings.from(Map.of("url", "ws://agent:8765/"));
        assertEquals(AgentProtocol.TWILIO, s.protocol());
        assertNull(s.rate());
        assertEquals(Duration.ofSeconds(3), s.connectTimeout());
        assertEquals(Duration.ofSeconds(10), s.agentSilenceTimeout());
        assertNull(s.fallback().prompt());
        assertNull(s.fallback().transfer());
        assertEquals(AudioFormat.SLIN_8K, s.agentFormat(AudioFormat.SLIN_16K), "twilio is always 8 kHz");
    }

    @Test
    void everyKeyIsRead() {
        AiSettings s = AiSettings.from(Map.of("url", "wss://agent.example/{ramal}?call={uuid}", "protocol", "raw",
                "rate", 16000, "connect-timeout", "500ms", "agent-silence-timeout", "0",
                "headers", Map.of("Authorization", "Bearer k"), "parameters", Map.of("n", 1),
                "fallback", Map.of("prompt", "config/prompts/x.wav", "transfer", "suporte"), "format", "slin16"));
        assertEquals(AgentProtocol.RAW, s.protocol());
        assertEquals(AudioFormat.SLIN_16K, s.agentFormat(AudioFormat.SLIN_8K));
        assertEquals(Duration.ofMillis(500), s.connectTimeout());
        assertEquals(Duration.ZERO, s.agentSilenceTimeout());
        assertEquals("Bearer k", s.headers().get("Authorization"));
        assertEquals("1", s.parameters().get("n"));
        assertEquals("config/prompts/x.wav", s.fallback().prompt());
        assertEquals("suporte", s.fallback().transfer());
    }

    @Test
    void rawWithoutARateFollowsTheCall() {
        AiSettings s = AiSettings.from(Map.of("url", "ws://a/", "protocol", "raw"));
        assertEquals(AudioFormat.SLIN_24K, s.agentFormat(AudioFormat.SLIN_24K));
    }

    @Test
    void placeholdersAreReplacedAndEncoded() {
        AiSettings s = AiSettings.from(Map.of("url", "ws://a:9/x/{ramal}/{uuid}?k=secret"));
        UUID id = UUID.randomUUID();
        URI u = s.uri(id, "9#1");
        assertEquals("/x/9%231/" + id, u.getRawPath());
        assertEquals("ws://a:9/x/9%231/" + id, AiSettings.redacted(u), "no query in logs");
    }

    @Test
    void wrongValuesNameTheKeyAndWhatIsAllowed() {
        assertTrue(error(Map.of()).contains("settings.url is missing"));
        assertTrue(error(Map.of("url", "http://a/")).contains("allowed: ws://"));
        assertTrue(error(Map.of("url", "ws:///nohost")).contains("no host"));
        assertTrue(error(Map.of("url", "ws://a/", "protocol", "sip")).contains("allowed: twilio, raw"));
        assertTrue(error(Map.of("url", "ws://a/", "rate", 16000)).contains("use protocol: raw"));
        assertTrue(error(Map.of("url", "ws://a/", "protocol", "raw", "rate", 11025)).contains("8000, 16000, 24000"));
        assertTrue(error(Map.of("url", "ws://a/", "connect-timeout", "5")).contains("settings.connect-timeout"));
        assertTrue(error(Map.of("url", "ws://a/", "fallbak", Map.of())).contains("settings.fallbak"));
        assertTrue(error(Map.of("url", "ws://a/", "fallback", Map.of("promt", "x"))).contains("settings.fallback.promt"));
        assertTrue(error(Map.of("url", "ws://a/", "headers", Map.of("X", Map.of()))).contains("settings.headers.X"));
    }
}
