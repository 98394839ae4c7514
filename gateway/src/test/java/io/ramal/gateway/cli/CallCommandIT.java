package io.ramal.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.gateway.listener.NettyListener;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ramal call} against a real echo line: what it prints, and what it says when a file is missing. */
class CallCommandIT {

    /** The summary line, every figure captured: sent, its audio and silence, received, its audio and silence, echoed. */
    private static final Pattern SUMMARY = Pattern.compile("call [0-9a-f-]{36}: sent (\\d+) frames \\((\\d+) audio,"
            + " (\\d+) silence\\), received (\\d+) frames \\((\\d+) audio, (\\d+) silence\\), echoed (\\d+)/(\\d+),"
            + " first audio \\d+\\.\\d ms, arrival gap p50 \\d+\\.\\d ms p99 \\d+\\.\\d ms max \\d+\\.\\d ms\\n");

    @TempDir
    Path dir;

    private record Ran(int exit, String out, String err) {
    }

    private static Ran ramal(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Ran(exit, out.toString(), err.toString());
    }

    private static long n(Matcher m, int group) {
        return Long.parseLong(m.group(group));
    }

    @Test
    void theSummaryLinesPartsAddUpAndTheJsonSaysTheSame() throws Exception {
        try (TestGateway gw = TestGateway.echo()) {
            NettyListener l = gw.bindEcho("9000");
            String target = "127.0.0.1:" + TestGateway.port(l);
            Path recording = dir.resolve("echo.wav");
            // No --expect-echo: on a loaded machine the live-latency trim may drop a frame; the
            // figures must still add up.
            Ran call = ramal("call", target, "--seconds", "1", "--record", recording.toString());
            assertEquals(0, call.exit(), call.toString());
            Matcher m = SUMMARY.matcher(call.out());
            assertTrue(m.lookingAt(), "the summary line, as the README shows it: " + call.out());
            assertEquals(50, n(m, 1), "1 s is 50 frames of 20 ms");
            assertEquals(n(m, 1), n(m, 2) + n(m, 3), "sent = audio + silence");
            assertEquals(n(m, 4), n(m, 5) + n(m, 6), "received = audio + silence");
            assertEquals(n(m, 2), n(m, 8), "echoed out of the audio frames sent");
            assertTrue(n(m, 7) <= n(m, 5) && n(m, 7) >= n(m, 8) - 5, "echoed frames came back as audio, all but a"
                    + " trimmed few: " + call.out());
            assertTrue(call.out().contains("\nrecorded " + n(m, 4) + " frames to " + recording + "\n"), call.out());
            assertTrue(Files.size(recording) > 44, "a WAV with the audio received");

            Ran json = ramal("call", target, "--seconds", "1", "--json");
            assertEquals(0, json.exit(), json.toString());
            JsonNode j = new ObjectMapper().readTree(json.out());
            assertEquals(50, j.get("framesSent").asLong());
            assertEquals(j.get("framesSent").asLong(), j.get("audioFramesSent").asLong() + j.get("silentFramesSent").asLong());
            assertEquals(j.get("framesReceived").asLong(),
                    j.get("audioFramesReceived").asLong() + j.get("silentFramesReceived").asLong());
            assertTrue(j.get("echoedFrames").asLong() <= j.get("audioFramesReceived").asLong(), json.out());
            assertEquals(j.get("echoedFrames").asLong() == j.get("audioFramesSent").asLong(),
                    j.get("allEchoed").asBoolean(), json.out());
        }
    }

    @Test
    void aMissingWavIsNamedWithItsResolvedPath() {
        Ran call = ramal("call", "127.0.0.1:1", "--wav", "prompts/none.wav");
        assertEquals(2, call.exit(), call.toString());
        assertEquals("ramal: --wav prompts/none.wav is missing: no file at "
                + Path.of("prompts/none.wav").toAbsolutePath().normalize() + "\n", call.err());
    }
}
