package io.ramal.gateway.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ramal.audio.AudioFormat;
import io.ramal.audio.G711;
import io.ramal.audio.Tone;
import io.ramal.audio.Wav;
import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.gateway.call.CallHandler;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.handler.EchoHandler;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.listener.NettyListener;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.LogCapture;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AI bridge end to end: real AudioSocket clients through the gateway's listeners, a real
 * WebSocket agent ({@link TestAgent}) on 127.0.0.1.
 */
class AiBridgeIT {

    private static final Duration WAIT = Duration.ofSeconds(5);
    /** Audible frames of the default fallback tone: three beeps of 250 ms. */
    private static final int TONE_FRAMES = 36;

    private TestAgent agent;
    private TestGateway gw;
    private AiModule module;
    private final List<AiCallStats> stats = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> transfers = new HashMap<>();
    private LogCapture log;

    @BeforeEach
    void start() throws Exception {
        agent = new TestAgent();
        Handlers h = Handlers.withEcho();
        gw = new TestGateway(h, CallSettings.from(Map.of("idle-timeout", "0")));
        TransferTargets targets = (name, call) -> {
            synchronized (transfers) {
                transfers.merge(name, 1, Integer::sum);
            }
            return name.equals("echo-target") || name.equals("suporte")
                    ? Optional.<CallHandler>of(new EchoHandler()) : Optional.empty();
        };
        module = new AiModule(gw.transport, targets, Path.of("").toAbsolutePath(), stats::add);
        module.register(h);
        log = new LogCapture("io.ramal.gateway.ai");
    }

    @AfterEach
    void stop() {
        log.close();
        gw.close();
        module.close();
        agent.close();
    }

    private int bind(Map<String, Object> settings) throws Exception {
        Extension ext = TestGateway.extension("9300", TestGateway.freePort(), Mode.AI, settings, "ai test");
        NettyListener l = gw.bind(ext);
        return TestGateway.port(l);
    }

    private int bindAgent(Map<String, Object> extra) throws Exception {
        Map<String, Object> s = new HashMap<>(extra);
        s.putIfAbsent("url", agent.url("stream/{ramal}/{uuid}"));
        return bind(s);
    }

    private static byte[] tone(AudioFormat f, double hz, int millis) {
        return Tone.sine(f, hz, 0.5, Duration.ofMillis(millis));
    }

    /** A frame whose bytes are all {@code v}: recognisable when echoed. */
    private static byte[] constant(AudioFormat f, int v) {
        byte[] b = new byte[f.frameBytes()];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static int transferCount(Map<String, Integer> m, String name) {
        synchronized (m) {
            return m.getOrDefault(name, 0);
        }
    }

    @Test
    void threeSecondBurstReachesTheCallerPacedAt20ms() throws Exception {
        int port = bindAgent(Map.of());
        try (TestCaller caller = new TestCaller(port, AudioFormat.SLIN_8K)) {
            TestAgent.Session s = agent.awaitSession(WAIT);
            s.sendMedia(tone(AudioFormat.SLIN_8K, 440, 3000), 1000); // 125 ms per message, all at once
            Await.until(WAIT, () -> "150 audible frames, got " + caller.audible().size(),
                    () -> caller.audible().size() >= 150);
            List<AudioSocketClient.Frame> audio = caller.audible();
            long t0 = audio.get(0).arrivalNanos();
            for (int i = 1; i < 150; i++) {
                double since = (audio.get(i).arrivalNanos() - t0) / 1e6;
                assertTrue(since >= i * 20.0 - 40.0, "frame " + i + " arrived " + since + " ms after the first: a burst");
                assertEquals(320, audio.get(i).payload().length);
            }
            double span = (audio.get(149).arrivalNanos() - t0) / 1e6;
            assertTrue(span >= 149 * 20 - 40 && span <= 149 * 20 + 400, "150 frames span about 2980 ms, was " + span);
        }
    }

    @Test
    void startCarriesTheCallAndCallerAudioGoesOutAs20msMedia() throws Exception {
        int port = bindAgent(Map.of("headers", Map.of("X-Api-Key", "secret-key"),
                "parameters", Map.of("lang", "pt-BR")));
        // Speaking from the first tick: a silent frame sent before say() could reach a quick agent.
        byte[] speech = tone(AudioFormat.SLIN_8K, 300, 20);
        try (TestCaller caller = new TestCaller(port, AudioFormat.SLIN_8K, speech)) {
            TestAgent.Session s = agent.awaitSession(WAIT);
            assertEquals("/stream/9300/" + caller.id, s.uri);
            assertEquals("secret-key", s.headers.get("X-Api-Key"));
            assertEquals("connected", s.all().get(0).event());
            JsonNode start = s.awaitEvent("start", WAIT).json().path("start");
            assertEquals(caller.id.toString(), start.path("callSid").asText());
            assertEquals("ramal", start.path("accountSid").asText());
            assertTrue(start.path("streamSid").asText().startsWith("MZ"));
            assertEquals("inbound", start.path("tracks").get(0).asText());
            assertEquals("audio/x-mulaw", start.path("mediaFormat").path("encoding").asText());
            assertEquals(8000, start.path("mediaFormat").path("sampleRate").asInt());
            assertEquals(1, start.path("mediaFormat").path("channels").asInt());
            assertEquals("pt-BR", start.path("customParameters").path("lang").asText());
            assertEquals("9300", start.path("customParameters").path("ramal").asText());

            Await.until(WAIT, "10 media messages", () -> s.events("media").size() >= 10);
            List<TestAgent.Received> media = s.events("media");
            long seq = Long.parseLong(s.events("start").get(0).json().path("sequenceNumber").asText());
            byte[] expected = new byte[160];
            G711.muLawEncode(speech, 0, expected, 0, 160);
            for (int i = 0; i < 10; i++) {
                JsonNode m = media.get(i).json();
                assertEquals(seq + 1 + i, Long.parseLong(m.path("sequenceNumber").asText()));
                assertEquals(i + 1, Long.parseLong(m.path("media").path("chunk").asText()));
                assertEquals(i * 20L, Long.parseLong(m.path("media").path("timestamp").asText()));
                assertEquals(s.streamSid, m.path("streamSid").asText());
                assertArrayEquals(expected, Base64.getDecoder().decode(m.path("media").path("payload").asText()));
            }
            assertFalse(log.messages().stream().anyMatch(l -> l.contains("secret-key")), "the API key is never logged");
        }
    }

    @Test
    void marksComeBackInOrderOnlyAfterTheirAudioPlayed() throws Exception {
        int port = bindAgent(Map.of());
        try (TestCaller caller = new TestCaller(port, AudioFormat.SLIN_8K)) {
            TestAgent.Session s = agent.awaitSession(WAIT);
            s.sendMedia(tone(AudioFormat.SLIN_8K, 440, 1000), 480);
            s.sendMark("one");
            s.sendMedia(tone(AudioFormat.SLIN_8K, 660, 1000), 480);
            s.sendMark("two");
            Await.until(WAIT, "both marks echoed", () -> s.events("mark").size() == 2);
            List<TestAgent.Received> marks = s.events("mark");
            assertEquals("one", marks.get(0).json().path("mark").path("name").asText());
            assertEquals("two", marks.get(1).json().path("mark").path("name").asText());
            List<AudioSocketClient.Frame> audio = caller.audible();
            assertTrue(audio.size() >= 100, "both seconds played: " + audio.size());
            long t0 = audio.get(0).arrivalNanos();
            // Each mark leaves after the last frame of its audio, and not long after it.
            assertTrue(marks.get(0).nanos() >= audio.get(49).arrivalNanos(), "mark one before its audio played");
            assertTrue(marks.get(0).nanos() < audio.get(60).arrivalNanos(), "mark one held back past its audio");
            assertTrue(marks.get(1).nanos() >= audio.get(99).arrivalNanos(), "mark two before its audio played");
            assertTrue((marks.get(0).nanos() - t0) / 1e6 >= 49 * 20 - 40, "mark one early");
        }
    }

    @Test
    void clearStopsTheAudioWithinOneFrameAndEchoesPendingMarks() throws Exception {
        int port = bindAgent(Map.of());
        try (TestCaller caller = new TestCaller(port, AudioFormat.SLIN_8K)) {
            TestAgent.Session s = agent.awaitSession(WAIT);
            s.sendMedia(tone(AudioFormat.SLIN_8K, 440, 10_000), 1600);
            s.sendMark("utterance");
            Await.until(WAIT, "half a second played", () -> caller.audible().size() >= 25);
            s.send(s.message("clear"));
            long sentAt = System.nanoTime();
            TestAgent.Received mark = s.awaitEvent("mark", WAIT);
            assertEquals("utterance", mark.json().path("mark").path("name").asText());
            assertTrue((mark.nanos() - sentAt) / 1e6 < 200, "mark echoed at once on clear");
            // Give the pacer a few more ticks, then look at what arrived after the clear.
            Await.until(WAIT, "10 frames after the clear",
                    () -> caller.matching(f -> f.arrivalNanos() > sentAt).size() >= 10);
            List<AudioSocketClient.Frame> after = caller.matching(f -> f.arrivalNanos() > sentAt);
            int audible = 0;
            for (AudioSocketClient.Frame f : after) {
                if (!f.isSilence()) {
                    audible++;
                }
            }
            assertTrue(audible <= 1, "audio after clear: " + audible + " frames (one may be in flight)");
            assertTrue(caller.audible().size() < 100, "the 10 s utterance was cut short");
        }
    }

    @Test
    void dtmfReachesTheAgentAndATransferMovesTheCaller() throws Exception {
        int port = bindAgent(Map.of());
        try (TestCaller caller = new TestCaller(port, AudioFormat.SLIN_8K)) {
            TestAgent.Session s = agent.awaitSession(WAIT);
            caller.dtmf('7');
            JsonNode dtmf = s.awaitEvent("dtmf", WAIT).json();
            assertEquals("7", dtmf.path("dtmf").path("digit").asText());

            s.sendMedia(tone(AudioFormat.SLIN_8K, 440, 500), 800);
            ObjectNode t = s.message("ramal");
            t.put("action", "transfer").put("target", "echo-target").put("afterPlayout", true);
            s.send(t);
            s.awaitEvent("stop", WAIT);
            assertTrue(s.awaitClosed(WAIT), "the agent's socket is closed after stop");
            assertEquals(1, transferCount(transfers, "echo-target"));
            // The goodbye audio played in full before the move.
            assertTrue(caller.audible().size() >= 25, "queued audio played before the transfer");
            byte[] mine = constant(AudioFormat.SLIN_8K, 0x35);
            caller.say(mine);
            Await.until(WAIT, "the caller's audio echoed by the transfer target",
                    () -> caller.matching(f -> Arrays.equals(f.payload(), mine)).size() >= 5);
            Await.until(WAIT, "stats reported", () -> stats.size() == 1);
            assertEquals("transfer", stats.get(0).outcome());
        }
    }

    @Test
    void unknownTransferTargetIsRefusedAndTheCallStaysWithTheAgent() throws Exception {
        int port = bindAgent(Map.of());
        try (TestCaller caller = new TestCaller(port, AudioFormat.SLIN_8K)) {
            TestAgent.Session s = agent.awaitSession(WAIT);
            ObjectNode t = s.message("ramal");
            t.put("action", "transfer").put("target", "nowhere").put("afterPlayout", false);
            s.send(t);
            JsonNode reply = s.awaitEvent("ramal", WAIT).json();
            assertEquals("transfer-failed", reply.path("action").asText());
            assertEquals("nowhere", reply.path("target").asText());
            s.sendMedia(tone(AudioFormat.SLIN_8K, 440, 200), 160);
            Await.until(WAIT, "agent audio still reaches the caller", () -> caller.audible().size() >= 10);
        }
    }

    @Test
    void hangupAfterPlayoutEndsTheCallOnceTheAudioPlayed() throws Exception {
        int port = bindAgent(Map.of());
        try (TestCaller caller = new TestCaller(port, AudioFormat.SLIN_8K)) {
            TestAgent.Session s = agent.awaitSession(WAIT);
            s.sendMedia(tone(AudioFormat.SLIN_8K, 440, 1000), 4000);
            ObjectNode h = s.message("ramal");
            h.put("action", "hangup").put("afterPlayout", true);
            s.send(h);
            assertTrue(caller.awaitClosed(WAIT), "the gateway ends the call");
            assertTrue(caller.hangupReceived(), "with the hangup frame");
            assertEquals(50, caller.audible().size(), "every frame of the goodbye played first");
            s.awaitEvent("stop", WAIT);
        }
    }

    @Test
    void agentDyingMidCallGivesTheFallbackAndTheGatewayKeepsServing() throws Exception {
        int port = bindAgent(Map.of("fallback", Map.of("transfer", "echo-target")));
        try (TestCaller a = new TestCaller(port, AudioFormat.SLIN_8K);
             TestCaller b = new TestCaller(port, AudioFormat.SLIN_8K)) {
            TestAgent.Session s1 = agent.awaitSession(WAIT);
            TestAgent.Session s2 = agent.awaitSession(WAIT);
            String first = s1.awaitEvent("start", WAIT).json().path("start").path("callSid").asText();
            TestAgent.Session sa = first.equals(a.id.toString()) ? s1 : s2;
            TestAgent.Session sb = sa == s1 ? s2 : s1;

            sa.kill();
            // The fallback tone plays, then the caller is moved to the target.
            Await.until(WAIT, "fallback prompt heard", () -> a.audible().size() >= TONE_FRAMES);
            byte[] mine = constant(AudioFormat.SLIN_8K, 0x21);
            a.say(mine);
            Await.until(WAIT, "caller transferred after the prompt",
                    () -> a.matching(f -> Arrays.equals(f.payload(), mine)).size() >= 5);
            assertEquals(1, transferCount(transfers, "echo-target"));
            // A killed agent is seen as a close, or as a reset when the caller's audio was on its way.
            assertTrue(log.has("call=" + a.id, "ai fallback", "reason=closed", "then=transfer target=echo-target")
                            || log.has("call=" + a.id, "ai fallback", "reason=error", "Connection reset by peer",
                                    "then=transfer target=echo-target"),
                    String.join("\n", log.messages()));

            // The other call goes on with its agent.
            sb.sendMedia(tone(AudioFormat.SLIN_8K, 440, 400), 800);
            Await.until(WAIT, "other call still served", () -> b.audible().size() >= 20);
            // And a new call is served too.
            try (TestCaller c = new TestCaller(port, AudioFormat.SLIN_8K)) {
                TestAgent.Session sc = agent.awaitSession(WAIT);
                sc.sendMedia(tone(AudioFormat.SLIN_8K, 440, 200), 800);
                Await.until(WAIT, "new call served", () -> c.audible().size() >= 10);
            }
        }
    }

    @Test
    void unreachableAgentAtStartPlaysThePromptThenHangsUp(@TempDir Path dir) throws Exception {
        Path prompt = dir.resolve("unavailable.wav");
        Wav.write(prompt, 16000, Tone.sine(AudioFormat.SLIN_16K, 500, 0.5, Duration.ofMillis(600)));
        int closedPort = TestGateway.freePort();
        int port = bind(Map.of("url", "ws://127.0.0.1:" + closedPort + "/",
                "fallback", Map.of("prompt", prompt.toString())));
        try (TestCaller caller = new TestCaller(port, AudioFormat.SLIN_8K)) {
            assertTrue(caller.awaitClosed(WAIT), "the call ends after the prompt");
            assertTrue(caller.hangupReceived());
            int heard = caller.audible().size();
            assertTrue(heard >= 28 && heard <= 31, "the 600 ms prompt (resampled to 8 kHz) played: " + heard);
            assertTrue(log.has("call=" + caller.id, "ai fallback", "reason=unreachable", "then=hangup"),
                    String.join("\n", log.messages()));
            Await.until(WAIT, "stats", () -> !stats.isEmpty());
            assertEquals("fallback", stats.get(0).outcome());
            assertEquals(-1, stats.get(0).connectMillis());
        }
    }

    @Test
    void refusedHandshakeGivesTheFallback() throws Exception {
        agent.refuse = true;
        int port = bindAgent(Map.of());
        try (TestCaller caller = new TestCaller(port, AudioFormat.SLIN_8K)) {
            assertTrue(caller.awaitClosed(WAIT), "the call ends after the tone");
            assertTrue(caller.audible().size() >= TONE_FRAMES, "the fallback tone played: " + caller.audible().size());
            assertTrue(log.has("call=" + caller.id, "ai fallback", "reason=handshake-refused"),
                    String.join("\n", log.messages()));
        }
    }

    @Test
    void anAgentThatLeavesTheLineDeadGivesTheFallback() throws Exception {
        int port = bindAgent(Map.of("agent-silence-timeout", "1s", "fallback", Map.of("transfer", "suporte")));
        try (TestCaller caller = new TestCaller(port, AudioFormat.SLIN_8K)) {
            TestAgent.Session s = agent.awaitSession(WAIT);
            long started = System.nanoTime();
            s.awaitEvent("stop", WAIT);
            double waited = (System.nanoTime() - started) / 1e6;
            assertTrue(waited >= 900 && waited < 2500, "fallback after about 1 s of dead air: " + waited + " ms");
            Await.until(WAIT, "moved to suporte", () -> transferCount(transfers, "suporte") == 1);
            assertTrue(log.has("call=" + caller.id, "reason=agent-silent"), String.join("\n", log.messages()));
        }
    }

    @Test
    void callerHangupSendsStopThenClosesTheSocket() throws Exception {
        int port = bindAgent(Map.of());
        TestAgent.Session s;
        TestCaller caller = new TestCaller(port, AudioFormat.SLIN_8K);
        try {
            s = agent.awaitSession(WAIT);
            caller.say(tone(AudioFormat.SLIN_8K, 300, 20));
            Await.until(WAIT, "some caller audio", () -> s.events("media").size() >= 5);
        } finally {
            caller.close();
        }
        TestAgent.Received stop = s.awaitEvent("stop", WAIT);
        assertEquals(caller.id.toString(), stop.json().path("stop").path("callSid").asText());
        assertTrue(s.awaitClosed(WAIT));
        List<TestAgent.Received> all = s.all();
        assertEquals("stop", all.get(all.size() - 1).event(), "stop is the last message");
        Await.until(WAIT, "stats", () -> !stats.isEmpty());
        assertEquals("caller-hangup", stats.get(0).outcome());
        assertTrue(log.has("call=" + caller.id, "ai ended outcome=caller-hangup"), String.join("\n", log.messages()));
    }

    @Test
    void rawProtocolCarriesSlinAt16kHzBothWaysForAn8kHzCall() throws Exception {
        int port = bindAgent(Map.of("protocol", "raw", "rate", 16000));
        try (TestCaller caller = new TestCaller(port, AudioFormat.SLIN_8K)) {
            caller.say(tone(AudioFormat.SLIN_8K, 300, 20));
            TestAgent.Session s = agent.awaitSession(WAIT);
            JsonNode format = s.awaitEvent("start", WAIT).json().path("start").path("mediaFormat");
            assertEquals("audio/x-slin", format.path("encoding").asText());
            assertEquals(16000, format.path("sampleRate").asInt());
            Await.until(WAIT, "binary audio", () -> s.all().stream().filter(r -> r.binary() != null).count() >= 10);
            for (TestAgent.Received r : s.all()) {
                if (r.binary() != null) {
                    assertEquals(640, r.binary().length, "20 ms at 16 kHz");
                }
            }
            // One second at 16 kHz in one odd-sized message and a remainder: 50 frames at 8 kHz.
            byte[] reply = tone(AudioFormat.SLIN_16K, 440, 1000);
            s.sendBinary(Arrays.copyOfRange(reply, 0, 12_345));
            s.sendBinary(Arrays.copyOfRange(reply, 12_345, reply.length));
            Await.until(WAIT, "the reply played", () -> caller.audible().size() >= 49);
            for (AudioSocketClient.Frame f : caller.audible()) {
                assertEquals(320, f.payload().length);
            }
        }
    }

    @Test
    void turnLatencyIsMeasuredFromTheCallersLastSpeech() throws Exception {
        int port = bindAgent(Map.of());
        try (TestCaller caller = new TestCaller(port, AudioFormat.SLIN_8K)) {
            TestAgent.Session s = agent.awaitSession(WAIT);
            caller.say(tone(AudioFormat.SLIN_8K, 300, 20), 25);
            // Wait until the caller's speech ended at the agent, then answer 300 ms later.
            Await.until(WAIT, "speech then silence", () -> {
                List<TestAgent.Received> m = s.events("media");
                return m.size() > 40 && isSilentMulaw(m.get(m.size() - 1));
            });
            s.sendMedia(tone(AudioFormat.SLIN_8K, 440, 200), 800);
            Await.until(WAIT, "reply heard", () -> caller.audible().size() >= 10);
            caller.close();
            Await.until(WAIT, "stats", () -> !stats.isEmpty());
            AiCallStats st = stats.get(0);
            assertEquals(1, st.turns(), st.toString());
            long sinceSpeechEnd = st.turnLatenciesMs().get(0);
            assertTrue(sinceSpeechEnd >= 0 && sinceSpeechEnd < 5000, st.toString());
            assertTrue(st.agentAudioMillis() == 200, st.toString());
        }
    }

    private static boolean isSilentMulaw(TestAgent.Received r) {
        byte[] b = Base64.getDecoder().decode(r.json().path("media").path("payload").asText());
        for (byte x : b) {
            if (G711.muLawDecode(x) != 0) {
                return false;
            }
        }
        return true;
    }
}
