package io.ramal.gateway;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.G711;
import io.ramal.gateway.ai.demo.AiDemoServer;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.client.CallRunner;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first calls after a start, as a new user makes them after {@code ./ramal}: a fresh gateway
 * in a JVM of its own (nothing loaded, nothing compiled but what its warm-up did) with the shipped
 * demo set, and a fresh demo agent. The first AI call loses nothing the caller said from its first
 * frame: the demo agent's reply (what it heard, played back) holds every voiced frame. The first
 * queue call is paced like any other: on the gateway's own clock at most 1 % of each leg's frames
 * left more than 25 ms after the one before (an arrival gap p99 within 25 ms), read from the
 * legs' {@code call ended} lines, so the test's own scheduling does not count.
 *
 * <p>A machine short of CPU delays every process, the gateway too: the test runs its own 20 ms
 * ticker (the loop that sends the legs' frames) beside the call and allows one more late frame
 * for each time that ticker woke more than 5 ms late. On a quiet machine that is none, and the
 * bound is the 1 %; on a shared one the test measures the gateway, not its neighbours.
 */
class FirstCallsIT {

    /** Voiced frames the AI caller sends from its first tick: two seconds. */
    private static final int VOICED = 100;
    /** Length of each leg of the queue call's conversation. */
    private static final int TALK_FRAMES = 500;

    @TempDir
    Path home;

    private final Map<String, Integer> ports = new HashMap<>();
    /** How late the test's own ticker ran during the queue call: a busy machine shows there too. */
    private String machine = "";
    private int machineLate;

    @Test
    void theFirstAiCallLosesNothingAndTheFirstQueueCallIsPaced() throws Exception {
        try (AiDemoServer agent = AiDemoServer.start(new InetSocketAddress("127.0.0.1", 0), "suporte")) {
            writeDemoSet(agent.address().getPort());
            Process child = startChild();
            try {
                Await.until(Duration.ofSeconds(90), () -> "the child gateway started: " + tail(),
                        () -> log().contains("ramal started"));
                firstAiCall();
                firstQueueCall();
            } finally {
                child.destroy();
                if (!child.waitFor(15, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                keep("logs/ramal.log", "gc.log"); // for whoever reads a failure
            }
        }
    }

    /** Two seconds of speech from the first tick, then silence while the demo agent answers with what it heard. */
    private void firstAiCall() throws Exception {
        byte[] audio = new byte[VOICED * AudioFormat.SLIN_8K.frameBytes()];
        for (int k = 0; k < VOICED; k++) {
            System.arraycopy(voiced(k), 0, audio, k * AudioFormat.SLIN_8K.frameBytes(), AudioFormat.SLIN_8K.frameBytes());
        }
        CallRunner.Result r = CallRunner.run(new CallRunner.Plan(new InetSocketAddress("127.0.0.1", ports.get("40300")),
                UUID.randomUUID(), AudioFormat.SLIN_8K, audio, Duration.ofSeconds(7), Map.of(), Duration.ofMillis(500)));
        String heard = new String(r.recorded(), StandardCharsets.ISO_8859_1);
        List<Integer> missing = new ArrayList<>();
        for (int k = 0; k < VOICED; k++) {
            if (!heard.contains(new String(throughMuLaw(voiced(k)), StandardCharsets.ISO_8859_1))) {
                missing.add(k);
            }
        }
        assertEquals(List.of(), missing, "voiced frames missing from the agent's reply; " + r.summary() + "; "
                + grep("ai connected"));
        Await.until(Duration.ofSeconds(10), "the AI leg's call ended line", () -> !ended("ai").isEmpty());
    }

    /** An attendant logs in, a caller joins the queue, both talk for ten seconds. */
    private void firstQueueCall() throws Exception {
        AudioSocketClient attendant = dial("40200");
        AudioSocketClient caller = null;
        try {
            byte[] attendantVoice = constant(1111);
            byte[] callerVoice = constant(2222);
            long next = System.nanoTime();
            long ownLateMax = 0;
            int ownLate = 0;
            for (int k = 0; k < TALK_FRAMES + 50; k++) {
                long late = System.nanoTime() - next; // this JVM's own ticker: how busy the machine is
                if (k != 51) { // not the tick that waited for the caller's connect
                    ownLateMax = Math.max(ownLateMax, late);
                    ownLate += late > 5_000_000L ? 1 : 0;
                }
                if (k == 50) {
                    caller = dial("40100"); // a second after the attendant logged in
                }
                attendant.sendAudio(AudioSocketKind.AUDIO_8K, attendantVoice, 0, attendantVoice.length);
                if (caller != null) {
                    caller.sendAudio(AudioSocketKind.AUDIO_8K, callerVoice, 0, callerVoice.length);
                }
                next += 20_000_000L;
                LockSupport.parkNanos(next - System.nanoTime());
            }
            long heard = caller.received().stream().filter(f -> java.util.Arrays.equals(f.payload(), attendantVoice))
                    .count();
            assertTrue(heard > 100, "the caller was bridged to the attendant and heard " + heard + " frames of it");
            machineLate = ownLate;
            machine = "the test's own 20 ms ticker woke more than 5 ms late " + ownLate + " times, at most "
                    + ownLateMax / 1_000_000 + " ms";
        } finally {
            if (caller != null) {
                caller.close();
            }
            attendant.close();
        }
        for (String mode : List.of("queue", "agent")) {
            Await.until(Duration.ofSeconds(10), "the " + mode + " leg's call ended line", () -> !ended(mode).isEmpty());
            String line = ended(mode);
            long framesOut = field(line, "frames-out");
            long late = field(line, "late-sends");
            // The leg was up for the whole talk: a frame a tick, give or take the ticks around its ends.
            assertTrue(framesOut >= TALK_FRAMES - 10, line);
            assertTrue(late <= framesOut / 100 + machineLate, "the first " + mode + " leg is paced like the thousandth: "
                    + "at most 1 % of its frames more than 25 ms after the one before, one more for each time the "
                    + "machine kept the test's ticker late; " + line + "; " + grep("pacer late") + "; " + machine);
        }
    }

    /** Frame {@code k} of the AI caller's speech: a loud 430 Hz tone whose first samples number the frame. */
    private static byte[] voiced(int k) {
        byte[] b = new byte[AudioFormat.SLIN_8K.frameBytes()];
        for (int i = 0; i < b.length / 2; i++) {
            int s = (int) (8000 * Math.sin(2 * Math.PI * 430 * (k * 160 + i) / 8000.0));
            if (i < 2) {
                s = -16384 + ((i == 0 ? k : k >> 4) & 0xF) * 2048; // the number, in levels mu-law keeps apart
            }
            b[2 * i] = (byte) s;
            b[2 * i + 1] = (byte) (s >> 8);
        }
        return b;
    }

    /** What a frame sounds like after the Twilio wire's mu-law, each way. */
    private static byte[] throughMuLaw(byte[] slin) {
        byte[] mu = new byte[slin.length / 2];
        G711.muLawEncode(slin, 0, mu, 0, mu.length);
        byte[] back = new byte[slin.length];
        G711.muLawDecode(mu, 0, back, 0, mu.length);
        return back;
    }

    private static byte[] constant(int value) {
        byte[] b = new byte[AudioFormat.SLIN_8K.frameBytes()];
        for (int i = 0; i < b.length; i += 2) {
            b[i] = (byte) value;
            b[i + 1] = (byte) (value >> 8);
        }
        return b;
    }

    private AudioSocketClient dial(String demoPort) throws IOException {
        AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", ports.get(demoPort));
        c.sendId(UUID.randomUUID());
        return c;
    }

    /** The shipped demo set and prompts, its ports moved to free ones, the AI line at {@code agentPort}. */
    private void writeDemoSet(int agentPort) throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        String yaml = Files.readString(repo.resolve("config/extensions.yaml"));
        for (String p : List.of("40000", "40100", "40200", "40300")) {
            int free = TestGateway.freePort();
            ports.put(p, free);
            yaml = yaml.replace("port: " + p, "port: " + free);
        }
        yaml = yaml.replace("127.0.0.1:8765", "127.0.0.1:" + agentPort);
        Path to = Files.createDirectories(home.resolve("config/prompts"));
        Files.writeString(home.resolve("config/extensions.yaml"), yaml);
        try (var files = Files.list(repo.resolve("config/prompts"))) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** {@code ramal serve} in a JVM of its own, logging as shipped (config/logback.xml) under the home. */
    private Process startChild() throws IOException {
        Path logback = Path.of("..", "config", "logback.xml").toAbsolutePath().normalize();
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + logback, "-Xlog:gc,safepoint:file=" + home.resolve("gc.log") + ":uptime",
                "-cp", System.getProperty("java.class.path"),
                "io.ramal.gateway.cli.Main", "-D", "http.enabled=false", "serve");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve("child.out").toFile());
        pb.environment().put("RAMAL_HOME", home.toString());
        return pb.start();
    }

    /** Copies the child's {@code files} to target/FirstCallsIT-*, where a failure can be read. */
    private void keep(String... files) {
        for (String f : files) {
            try {
                Path from = home.resolve(f);
                if (Files.exists(from)) {
                    Files.copy(from, Path.of("target", "FirstCallsIT-" + from.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                // a diagnostic only
            }
        }
    }

    private String log() {
        try {
            Path f = home.resolve("logs/ramal.log");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private String tail() {
        try {
            String out = Files.readString(home.resolve("child.out"));
            return out.substring(Math.max(0, out.length() - 2000));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private String grep(String what) {
        return log().lines().filter(l -> l.contains(what)).toList().toString();
    }

    /** The call ended line of the call of {@code mode} (warm-up calls write none), or "". */
    private String ended(String mode) {
        return log().lines().filter(l -> l.contains("call ended") && l.contains(" mode=" + mode + " ")).findFirst()
                .orElse("");
    }

    private static long field(String line, String key) {
        Matcher m = Pattern.compile(" " + key + "=(\\d+)").matcher(line);
        assertTrue(m.find(), key + " in " + line);
        return Long.parseLong(m.group(1));
    }
}
