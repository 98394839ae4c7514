package io.ramal.gateway.ai;

import com.fasterxml.jackson.databind.JsonNode;
import io.ramal.audio.AudioFormat;
import io.ramal.audio.G711;
import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.LogCapture;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent that takes its time to answer the WebSocket handshake (a remote service, TLS, a cold
 * first call): what the caller says meanwhile is held and reaches it after {@code start}, from
 * the caller's first frame, each {@code media} message with the timestamp of its place in the
 * stream.
 */
class SlowAgentIT {

    private static final int SPOKEN = 40;

    /** Frame {@code k}: every sample {@code 300 (k + 1)}, so each has its own mu-law byte. */
    private static byte[] frame(int k) {
        byte[] b = new byte[AudioFormat.SLIN_8K.frameBytes()];
        int v = k < SPOKEN ? 300 * (k + 1) : 0;
        for (int i = 0; i < b.length; i += 2) {
            b[i] = (byte) v;
            b[i + 1] = (byte) (v >> 8);
        }
        return b;
    }

    @Test
    void callerAudioFromTheFirstFrameReachesAnAgentThatConnectsLate() throws Exception {
        Handlers h = Handlers.withEcho();
        try (TestAgent agent = new TestAgent();
             TestGateway gw = new TestGateway(h, CallSettings.from(Map.of("idle-timeout", "0")));
             AiModule module = new AiModule(gw.transport, TransferTargets.NONE, Path.of("").toAbsolutePath(), s -> { });
             LogCapture log = LogCapture.info("io.ramal.gateway.ai")) {
            module.register(h);
            agent.handshakeDelay = Duration.ofMillis(300);
            Extension ext = TestGateway.extension("9310", TestGateway.freePort(), Mode.AI,
                    Map.of("url", agent.url("{uuid}")), "slow agent");
            int port = TestGateway.port(gw.bind(ext));
            try (TestCaller caller = new TestCaller(port, AudioFormat.SLIN_8K, SlowAgentIT::frame)) {
                TestAgent.Session s = agent.awaitSession(Duration.ofSeconds(5));
                Await.until(Duration.ofSeconds(5), () -> "the agent has " + s.events("media").size() + " media messages",
                        () -> s.events("media").size() >= SPOKEN);
                List<TestAgent.Received> media = s.events("media");
                for (int k = 0; k < SPOKEN; k++) {
                    JsonNode m = media.get(k).json().path("media");
                    byte[] expected = new byte[AudioFormat.SLIN_8K.frameSamples()];
                    byte[] slin = frame(k);
                    G711.muLawEncode(slin, 0, expected, 0, expected.length);
                    assertArrayEquals(expected, Base64.getDecoder().decode(m.path("payload").asText()),
                            "media message " + k + " carries the caller's frame " + k);
                    assertEquals(String.valueOf(20L * k), m.path("timestamp").asText(), "frame " + k + "'s place");
                    assertEquals(String.valueOf(k + 1), m.path("chunk").asText());
                }
                Await.until(Duration.ofSeconds(5), "the connected line", () -> log.has("ai connected"));
                String line = log.messages().stream().filter(l -> l.contains("ai connected")).findFirst().orElseThrow();
                int held = Integer.parseInt(line.replaceAll(".*held-frames=(\\d+).*", "$1"));
                assertTrue(held >= 5, "the frames of the 300 ms handshake were held: " + line);
                assertTrue(line.contains("held-dropped=0"), line);
            }
        }
    }
}
