package io.ramal.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.extensions.testing.FreePorts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The C load generator (bench/c/echo_load.c), built with gcc and run against the gateway's echo
 * line in this JVM and against a server that hangs up on every call, its JSON read as the
 * comparison script reads it. Not skipped without gcc: a bench that silently stops checking its
 * instrument is worse than a failing build.
 */
class EchoLoadCIT {

    private static final Path SOURCE = Path.of("c", "echo_load.c");
    private static final Path BINARY = Path.of("target", "echo-load");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void compile() throws Exception {
        assertTrue(Files.isRegularFile(SOURCE), "expected the generator's source at " + SOURCE.toAbsolutePath());
        Files.createDirectories(BINARY.getParent());
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", BINARY.toString(),
                    SOURCE.toString(), "-lm").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("gcc is needed to build " + SOURCE + " for this test and could not be started ("
                    + e.getMessage() + "): install gcc (apt-get install gcc)", e);
        }
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS), "gcc did not finish in 60 s");
        assertEquals(0, gcc.exitValue(), "gcc failed to build " + SOURCE + ":\n" + out);
    }

    /** Runs the generator to the end and returns its JSON; the table row must name the label. */
    private static JsonNode run(int port, String label, String... more) throws Exception {
        Path json = Files.createTempFile(Path.of("target"), "echo-load-", ".json");
        List<String> cmd = new ArrayList<>(List.of(BINARY.toAbsolutePath().toString(),
                "--target", "127.0.0.1:" + port, "--calls", "20", "--ramp", "0.5", "--settle", "0.5",
                "--seconds", "2", "--tail", "2", "--label", label, "--json", json.toString()));
        cmd.addAll(List.of(more));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("echo-load did not finish in 60 s:\n" + out);
        }
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("| " + label + " | 20 |")), "the table row:\n" + out);
        JsonNode r = JSON.readTree(json.toFile());
        Files.delete(json);
        assertEquals("c", r.path("generator").asText(), r.toString());
        return r;
    }

    @Test
    void twentyCallsToTheGatewayEchoLineComeBackEvenlyPaced() throws Exception {
        try (EchoGateway gw = new EchoGateway()) {
            JsonNode r = run(gw.port(), "gateway", "--server-pid", Long.toString(ProcessHandle.current().pid()));
            JsonNode l = r.path("load");
            assertEquals(20, l.path("connected").asInt(), l.toString());
            assertEquals(0, l.path("refused").asInt(), l.toString());
            assertEquals(0, l.path("dropped").asInt(), l.toString());
            assertTrue(l.path("sent").asLong() >= 20 * 100, "about 150 frames per call at 50 a second: " + l);
            // As LoadGeneratorIT: only frames the gateway's playout buffer trimmed and counted may be missing.
            long trimmed = gw.finishedOverflows();
            assertEquals(trimmed, l.path("lost").asLong(), "every frame came back but those trimmed: " + l);
            assertEquals(0, l.path("duplicates").asLong(), l.toString());
            assertEquals(0, l.path("foreign").asLong(), l.toString());
            assertTrue(l.path("primingSilence").asLong() > 0, "the gateway primes its playout buffer with silence: " + l);
            JsonNode gap = l.path("gapMs");
            assertTrue(gap.path("count").asLong() > 20 * 50, gap.toString());
            double p50 = gap.path("p50").asDouble();
            assertTrue(p50 >= 19 && p50 <= 21, "frames come back 20 ms apart: gap p50 " + p50);
            assertTrue(l.path("rttMs").path("count").asLong() > 0, l.toString());
            JsonNode s = r.path("server");
            assertEquals(ProcessHandle.current().pid(), s.path("pid").asLong(), s.toString());
            assertTrue(s.path("seconds").asDouble() > 1.5, s.toString());
            assertTrue(s.path("cpuPercentOfCore").isNumber() && s.path("cpuMsPerCallSecond").isNumber(), s.toString());
            assertTrue(s.path("rssMiB").asDouble() > 0, s.toString());
            assertTrue(r.path("loadgen").path("cpuPercentOfCore").isNumber(), r.toString());
            assertTrue(r.path("loadAverage").isTextual(), r.toString());
        }
    }

    @Test
    void everyCallTheServerHangsUpOnIsDropped() throws Exception {
        try (ServerSocket server = new ServerSocket(FreePorts.next(), 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> closeAfterTheIdFrame(server), "hang-up-server");
            t.setDaemon(true);
            t.start();
            JsonNode r = run(server.getLocalPort(), "hangs-up");
            JsonNode l = r.path("load");
            assertEquals(20, l.path("connected").asInt(), l.toString());
            assertEquals(0, l.path("refused").asInt(), l.toString());
            assertEquals(20, l.path("dropped").asInt(), "every call ended by the far end is dropped: " + l);
            assertTrue(r.path("server").isNull(), "no --server-pid, no server figures: " + r);
        }
    }

    /** Accepts calls, reads each one's id frame (19 bytes) and closes it. */
    private static void closeAfterTheIdFrame(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                in.readNBytes(19);
            } catch (IOException e) {
                // closed at the end of the test, or a call gone already: either way, on to the next
            }
        }
    }
}
