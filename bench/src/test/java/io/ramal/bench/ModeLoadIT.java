package io.ramal.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.bench.cli.BenchLines;
import io.ramal.gateway.ai.demo.AiDemoServer;
import io.ramal.gateway.transport.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ramal loadtest --scenario ai} and {@code --scenario queue} as the command line runs them,
 * at a small scale, against the lines of {@code ramal bench-gateway} served in this JVM (the
 * gateway's own listener, call, pacer, AI bridge and queue code, after its warm-up) and, for AI, a
 * real demo agent. Asserts the accounting, not speed: every voiced frame a caller spoke came back
 * in the agent's replies and every turn was answered, with its latency measured; every pair was
 * bridged, each leg heard its partner's stamped frames and tone, and every frame the partner sent
 * once bridged arrived but those the gateway says it trimmed.
 */
class ModeLoadIT {

    @TempDir
    Path dir;

    private static InetSocketAddress free() throws Exception {
        return new InetSocketAddress("127.0.0.1", EchoGateway.freePort());
    }

    @Test
    void fourAiCallersSpeakingInTurnsHearEveryVoicedFrameInTheReplies() throws Exception {
        try (AiDemoServer agent = AiDemoServer.start(new InetSocketAddress("127.0.0.1", 0), "none");
             Transport tr = Transport.create("auto", 1);
             BenchLines lines = BenchLines.start(tr, free(), "ws://127.0.0.1:" + agent.address().getPort()
                     + "/{ramal}/{uuid}", free(), null, null, null)) {
            String[] r = Cli.run("loadtest", "--scenario", "ai", "--target", "127.0.0.1:" + lines.port("9300"),
                    "--calls", "4", "--ramp", "0.5", "--seconds", "6", "--talk", "0.5", "--pause", "0.3",
                    "--json", "--per-call", "--quiet");
            assertEquals("", r[2], "--quiet: no progress lines");
            JsonNode j = new ObjectMapper().readTree(r[1]);
            assertEquals("ai", j.get("scenario").asText());
            JsonNode l = j.get("load");
            assertEquals(4, l.get("connected").asInt(), r[1]);
            assertEquals(0, l.get("refused").asInt(), r[1]);
            assertEquals(0, l.get("dropped").asInt(), r[1]);
            long sent = l.get("sent").asLong();
            JsonNode t = l.get("turns");
            long turns = t.get("turns").asLong();
            assertTrue(turns >= 4, "every caller spoke at least once: " + t);
            assertTrue(sent >= 4 * 25 && sent <= turns * 25, "turns of 25 voiced frames, the last maybe cut short: "
                    + sent + " frames in " + turns + " turns");
            assertEquals(sent, l.get("received").asLong(), "every voiced frame came back in a reply: " + r[1]);
            assertEquals(0, l.get("lost").asLong());
            assertEquals(0, l.get("duplicates").asLong());
            assertEquals(0, l.get("foreign").asLong());
            assertEquals(turns, t.get("answered").asLong(), "every turn answered: " + t);
            assertEquals(turns, t.get("complete").asLong(), "every turn's reply whole: " + t);
            assertEquals(turns, t.get("latencyMs").get("count").asLong(), "a latency for every turn: " + t);
            // The demo agent answers after 35 quiet frames (700 ms): no reply can come sooner.
            assertTrue(t.get("latencyMs").get("p1").asDouble() >= 650, t.toString());
            assertTrue(l.get("gapMs").get("count").asLong() > 4 * 100, "the gateway's frames arrive all along: " + l);
            long perCallSent = 0;
            for (JsonNode c : l.get("perCall")) {
                perCallSent += c.get("sent").asLong();
                assertTrue(c.get("sent").asLong() > 0, "each caller spoke: " + c);
            }
            assertEquals(sent, perCallSent);
            assertTrue(j.get("server").get("cpuMsPerCallSecond").asDouble() > 0, j.get("server").toString());
        }
    }

    @Test
    void threeQueuePairsAreBridgedAndEachLegHearsItsPartnersTone() throws Exception {
        try (Transport tr = Transport.create("auto", 2);
             BenchLines lines = BenchLines.start(tr, free(), null, null, Path.of("..", "config", "prompts"),
                     free(), free())) {
            Path saved = dir.resolve("queue.json");
            String[] r = Cli.run("loadtest", "--scenario", "queue", "--target", "127.0.0.1:" + lines.port("9100"),
                    "--agent-target", "127.0.0.1:" + lines.port("9200"), "--calls", "3", "--ramp", "0.5",
                    "--seconds", "4", "--per-call", "--quiet", "--save", saved.toString());
            assertEquals("", r[2], "--quiet: no progress lines");
            assertTrue(r[1].contains("| server | pairs (legs) |") && r[1].contains("pairs hearing each other"), r[1]);
            long trimmed = lines.finishedTrims();
            JsonNode l = new ObjectMapper().readTree(Files.readString(saved)).get("load");
            assertEquals(6, l.get("calls").asInt(), "three attendants and three callers: " + l);
            assertEquals(6, l.get("connected").asInt(), r[1]);
            assertEquals(0, l.get("refused").asInt(), r[1]);
            assertEquals(0, l.get("dropped").asInt(), r[1]);
            JsonNode b = l.get("bridges");
            assertEquals(3, b.get("pairs").asInt());
            assertEquals(6, b.get("legsBridged").asInt(), r[1]);
            assertEquals(3, b.get("pairsBridged").asInt(), r[1]);
            assertEquals(6, b.get("legsHearingPartnerTone").asInt(), r[1]);
            assertEquals(0, b.get("otherToneFrames").asLong(), r[1]);
            long sent = l.get("sent").asLong();
            long received = l.get("received").asLong();
            assertTrue(sent >= 6 * 100, "every leg heard its partner for seconds: " + sent);
            assertEquals(sent, received + l.get("lost").asLong());
            assertTrue(l.get("lost").asLong() <= trimmed, "nothing lost but what the gateway trimmed (" + trimmed
                    + "): " + r[1]);
            assertEquals(0, l.get("duplicates").asLong());
            assertEquals(0, l.get("foreign").asLong());
            assertTrue(b.get("partnerToneFrames").asLong() >= received, "every frame's tone checked: " + b);
            assertTrue(l.get("rttMs").get("count").asLong() > 0, "one-way latencies measured: " + l);
            for (JsonNode c : l.get("perCall")) {
                assertTrue(c.get("received").asLong() > 50, "each leg heard its partner: " + c);
            }
        }
    }
}
