package io.ramal.gateway.ai;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.Tone;
import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.gateway.ai.demo.AiDemoServer;
import io.ramal.gateway.call.CallHandler;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.handler.EchoHandler;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo agent through the gateway, as a newcomer tries it: greeting, answer, DTMF 0. */
class AiDemoIT {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void greetsAnswersWhatItHeardPacedAndTransfersOnZero() throws Exception {
        List<String> transfers = new CopyOnWriteArrayList<>();
        List<AiCallStats> stats = new CopyOnWriteArrayList<>();
        Handlers h = Handlers.withEcho();
        try (AiDemoServer demo = AiDemoServer.start(new InetSocketAddress("127.0.0.1", 0), "suporte");
             TestGateway gw = new TestGateway(h, CallSettings.from(Map.of("idle-timeout", "0")));
             AiModule module = new AiModule(gw.transport, (name, call) -> {
                 transfers.add(name);
                 return name.equals("suporte") ? Optional.<CallHandler>of(new EchoHandler()) : Optional.empty();
             }, Path.of("").toAbsolutePath(), stats::add)) {
            module.register(h);
            int port = TestGateway.port(gw.bind(TestGateway.extension("9300", TestGateway.freePort(), Mode.AI,
                    Map.of("url", "ws://127.0.0.1:" + demo.address().getPort() + "/"), "demo")));
            try (TestCaller caller = new TestCaller(port, AudioFormat.SLIN_8K)) {
                Await.until(WAIT, "the greeting", () -> caller.audible().size() >= 14);
                Await.until(WAIT, "the greeting ended", () -> {
                    List<AudioSocketClient.Frame> a = caller.audible();
                    return System.nanoTime() - a.get(a.size() - 1).arrivalNanos() > 300_000_000L;
                });
                int greeting = caller.audible().size();

                caller.say(Tone.sine(AudioFormat.SLIN_8K, 500, 0.5, Duration.ofMillis(20)), 50); // 1 s of "speech"
                Await.until(WAIT, () -> "the answer, " + (caller.audible().size() - greeting) + " frames so far",
                        () -> caller.audible().size() - greeting >= 50);
                List<AudioSocketClient.Frame> all = caller.audible();
                List<AudioSocketClient.Frame> answer = all.subList(greeting, all.size());
                // Sent as one burst by the agent, heard at 20 ms.
                double span = (answer.get(49).arrivalNanos() - answer.get(0).arrivalNanos()) / 1e6;
                assertTrue(span >= 49 * 20 - 40, "the answer was paced, 50 frames over " + span + " ms");

                caller.dtmf('0');
                Await.until(WAIT, "transfer to suporte", () -> transfers.contains("suporte"));
                byte[] mine = new byte[320];
                Arrays.fill(mine, (byte) 0x44);
                caller.say(mine);
                Await.until(WAIT, "echoed by suporte", () -> caller.matching(f -> Arrays.equals(f.payload(), mine)).size() >= 5);
            }
            Await.until(WAIT, "stats", () -> !stats.isEmpty());
            AiCallStats s = stats.get(0);
            assertTrue(s.turns() >= 1, s.toString());
            // The demo waits for 700 ms of quiet before it answers: that is its turn latency.
            long first = s.turnLatenciesMs().get(0);
            assertTrue(first >= 600 && first < 3000, "turn latency " + first + " ms: " + s);
            assertTrue(s.outcome().equals("transfer"), s.toString());
        }
    }
}
