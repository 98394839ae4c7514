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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent that takes its time to answer the WebSocket handshake (a remote service, TLS, a cold
 * first call): what the caller says meanwhile is held and reaches it after {@code start}, from
 * the caller's first frame, each {@code media} message with the timestamp of its place in the
 * stream; a long hold of raw audio goes whole, past the socket's high watermark.
 */
class SlowAgentIT {

    private static final int SPOKEN = 40;

    private final Handlers handlers = Handlers.withEcho();
    private final List<AiCallStats> stats = new CopyOnWriteArrayList<>();
    private TestAgent agent;
    private TestGateway gw;
    private AiModule module;
    private LogCapture log;

    @BeforeEach
    void start() throws Exception {
        agent = new TestAgent();
        gw = new TestGateway(handlers, CallSettings.from(Map.of("idle-timeout", "0")));
        module = new AiModule(gw.transport, TransferTargets.NONE, Path.of("").toAbsolutePath(), stats::add);
        module.register(handlers);
        log = LogCapture.info("io.ramal.gateway.ai");
    }

    @AfterEach
    void stop() {
        log.close();
        gw.close();
        module.close();
        agent.close();
    }

    private int bind(Map<String, Object> extra) throws Exception {
        Map<String, Object> s = new HashMap<>(extra);
        s.put("url", agent.url("{uuid}"));
        Extension ext = TestGateway.extension("9310", TestGateway.freePort(), Mode.AI, s, "slow agent");
        return TestGateway.port(gw.bind(ext));
    }

    /** Frame {@code k} of {@code format}: every sample {@code 300 (k + 1)}, so each has its own mu-law byte; silence after SPOKEN. */
    private static byte[] frame(AudioFormat format, int k) {
        byte[] b = new byte[format.frameBytes()];
        int v = k < SPOKEN ? 300 * (k + 1) : 0;
        for (int i = 0; i < b.length; i += 2) {
            b[i] = (byte) v;
            b[i + 1] = (byte) (v >> 8);
        }
        return b;
    }

    /** The {@code ai connected} line, waiting for it. */
    private String connectedLine() {
        Await.until(Duration.ofSeconds(5), "the connected line", () -> log.has("ai connected"));
        return log.messages().stream().filter(l -> l.contains("ai connected")).findFirst().orElseThrow();
    }

    @Test
    void callerAudioFromTheFirstFrameReachesAnAgentThatConnectsLate() throws Exception {
        agent.handshakeDelay = Duration.ofMillis(300);
        int port = bind(Map.of());
        try (TestCaller caller = new TestCaller(port, AudioFormat.SLIN_8K, k -> frame(AudioFormat.SLIN_8K, k))) {
            TestAgent.Session s = agent.awaitSession(Duration.ofSeconds(5));
            Await.until(Duration.ofSeconds(5), () -> "the agent has " + s.events("media").size() + " media messages",
                    () -> s.events("media").size() >= SPOKEN);
            List<TestAgent.Received> media = s.events("media");
            for (int k = 0; k < SPOKEN; k++) {
                JsonNode m = media.get(k).json().path("media");
                byte[] expected = new byte[AudioFormat.SLIN_8K.frameSamples()];
                G711.muLawEncode(frame(AudioFormat.SLIN_8K, k), 0, expected, 0, expected.length);
                assertArrayEquals(expected, Base64.getDecoder().decode(m.path("payload").asText()),
                        "media message " + k + " carries the caller's frame " + k);
                assertEquals(String.valueOf(20L * k), m.path("timestamp").asText(), "frame " + k + "'s place");
                assertEquals(String.valueOf(k + 1), m.path("chunk").asText());
            }
            String line = connectedLine();
            int held = Integer.parseInt(line.replaceAll(".*held-frames=(\\d+).*", "$1"));
            assertTrue(held >= 5, "the frames of the 300 ms handshake were held: " + line);
            assertTrue(line.contains("held-dropped=0"), line);
        }
    }

    @Test
    void twoSecondsOfRawAudioHeldAt24kHzGoWholePastTheHighWatermark() throws Exception {
        agent.handshakeDelay = Duration.ofMillis(1600); // about 80 frames of 960 bytes: more than 64 KiB
        int port = bind(Map.of("protocol", "raw", "rate", 24000));
        AudioFormat f = AudioFormat.SLIN_24K;
        try (TestCaller caller = new TestCaller(port, f, k -> frame(f, k % SPOKEN))) {
            TestAgent.Session s = agent.awaitSession(Duration.ofSeconds(5));
            String line = connectedLine();
            int held = Integer.parseInt(line.replaceAll(".*held-frames=(\\d+).*", "$1"));
            assertTrue(held * f.frameBytes() > 64 * 1024, "held more than the socket's high watermark: " + line);
            Await.until(Duration.ofSeconds(5), () -> "the agent has " + s.all().size() + " messages",
                    () -> s.all().stream().filter(r -> r.binary() != null).count() >= held);
            List<TestAgent.Received> audio = s.all().stream().filter(r -> r.binary() != null).toList();
            for (int k = 0; k < held; k++) {
                assertArrayEquals(frame(f, k % SPOKEN), audio.get(k).binary(), "binary message " + k + " is frame " + k);
            }
        }
        Await.until(Duration.ofSeconds(5), "the AI leg's figures", () -> !stats.isEmpty());
        assertEquals(0, stats.get(0).callerFramesDropped(), "nothing dropped: " + stats.get(0));
    }
}
