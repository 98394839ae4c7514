package io.ramal.gateway;

import io.ramal.extensions.ListenerState;
import io.ramal.gateway.ai.demo.AiDemoServer;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.config.ConfigLoader;
import io.ramal.gateway.config.RamalConfig;
import io.ramal.gateway.status.ListenerReport;
import io.ramal.gateway.status.StatusLog;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.LogCapture;
import io.ramal.gateway.testing.PrometheusText;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped demo set ({@code config/extensions.yaml}, {@code config/prompts}) served by the
 * whole gateway, on free ports: echo, queue and attendant lines, and the AI line against the
 * demo agent, with a transfer from the agent to the queue, seen in the status log and
 * {@code /metrics}.
 */
class DemoLinesIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int ATTENDANT_VOICE = 1111;
    private static final int CALLER_VOICE = 2222;

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService talk = Executors.newScheduledThreadPool(2);
    private final Map<String, Integer> ports = new java.util.HashMap<>();

    @AfterEach
    void stopTalking() {
        talk.shutdownNow();
    }

    /** The demo set with its ports moved to free ones and the AI line pointed at {@code agentPort}. */
    private Gateway start(boolean withPrompts, int agentPort) throws Exception {
        return start(withPrompts, agentPort, y -> y);
    }

    private Gateway start(boolean withPrompts, int agentPort, java.util.function.UnaryOperator<String> edit)
            throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        String yaml = edit.apply(Files.readString(repo.resolve("config/extensions.yaml")));
        for (String p : List.of("40000", "40100", "40200", "40300")) {
            int free = TestGateway.freePort();
            ports.put(p, free);
            yaml = yaml.replace("port: " + p, "port: " + free);
        }
        yaml = yaml.replace("127.0.0.1:8765", "127.0.0.1:" + agentPort);
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/extensions.yaml"), yaml);
        if (withPrompts) {
            Path to = Files.createDirectories(home.resolve("config/prompts"));
            try (var files = Files.list(repo.resolve("config/prompts"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        RamalConfig cfg = ConfigLoader.load(null, Map.of("RAMAL_HOME", home.toString()),
                List.of("http.port=0", "status.interval=1h", "call.idle-timeout=30s"));
        return Gateway.start(cfg);
    }

    private HttpResponse<String> get(Gateway g, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.adminPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private AudioSocketClient dial(String demoPort) throws IOException {
        AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", ports.get(demoPort));
        c.sendId(UUID.randomUUID());
        return c;
    }

    /** Sends a frame of {@code voice} every 20 ms until the test ends. */
    private void speak(AudioSocketClient c, int voice) {
        byte[] f = frame(voice);
        talk.scheduleAtFixedRate(() -> {
            try {
                c.sendAudio(AudioSocketKind.AUDIO_8K, f, 0, f.length);
            } catch (IOException e) {
                throw new IllegalStateException("stopped", e); // ends this schedule only
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** Frames received so far whose every sample is {@code voice}. */
    private static long heard(AudioSocketClient c, int voice) {
        byte[] f = frame(voice);
        return c.received().stream().filter(x -> java.util.Arrays.equals(x.payload(), f)).count();
    }

    private static long audible(AudioSocketClient c) {
        return c.received().stream().filter(x -> x.isAudio() && !x.isSilence()).count();
    }

    private static byte[] frame(int value) {
        byte[] b = new byte[320];
        for (int i = 0; i < b.length; i += 2) {
            b[i] = (byte) value;
            b[i + 1] = (byte) (value >> 8);
        }
        return b;
    }

    @Test
    void everyDemoLineServesAndTheAgentTransfersToTheQueue() throws Exception {
        try (AiDemoServer agent = AiDemoServer.start(new InetSocketAddress("127.0.0.1", 0), "suporte");
             LogCapture status = LogCapture.info(StatusLog.LOGGER);
             Gateway g = start(true, agent.address().getPort())) {
            assertEquals(200, get(g, "/health").statusCode(), get(g, "/health").body());
            assertEquals(4, g.reports().stream().filter(r -> r.state() == ListenerState.BOUND).count());

            try (AudioSocketClient attendant = dial("40200");
                 AudioSocketClient caller = dial("40100");
                 AudioSocketClient aiCaller = dial("40300")) {
                speak(attendant, ATTENDANT_VOICE);
                speak(caller, CALLER_VOICE);
                // The queue caller and the attendant are paired and hear each other.
                Await.until(WAIT, "caller hears the attendant", () -> heard(caller, ATTENDANT_VOICE) >= 10);
                Await.until(WAIT, "attendant hears the caller", () -> heard(attendant, CALLER_VOICE) >= 10);

                // The AI line: the demo agent's greeting, then DTMF 0 asks for the queue.
                Await.until(WAIT, "the agent's greeting", () -> audible(aiCaller) >= 10);
                aiCaller.sendDtmf('0');
                Await.until(WAIT, "the AI caller waits in suporte", () -> g.queues().snapshot(false).stream()
                        .anyMatch(q -> q.queue().equals("suporte") && q.waiting() == 1));

                // The first caller hangs up; after wrap-up the attendant takes the AI caller.
                caller.close();
                speak(aiCaller, CALLER_VOICE + 1);
                Await.until(WAIT, "attendant hears the transferred caller",
                        () -> heard(attendant, CALLER_VOICE + 1) >= 10);
                Await.until(WAIT, "the transferred caller hears the attendant",
                        () -> heard(aiCaller, ATTENDANT_VOICE) >= 10);
            }

            Await.until(WAIT, "every call over", () -> g.reports().stream().allMatch(r -> r.active() == 0));
            PrometheusText m = PrometheusText.parse(get(g, "/metrics").body());
            assertEquals(2, (long) m.value("ramal_queue_answered_total", Map.of("queue", "suporte")));
            assertEquals(1, (long) m.value("ramal_ai_legs_total", Map.of("ramal", "9300", "outcome", "transfer")));
            assertEquals(1, (long) m.value("ramal_calls_total", Map.of("ramal", "9300")));
            g.statusLog().report();
            assertTrue(status.has("queue=suporte", "answered=2"), String.join("\n", status.messages()));
            for (ListenerReport r : g.reports()) {
                assertEquals(0, r.internalErrors(), r.ramal() + " " + r);
            }
        }
    }

    @Test
    void withoutPromptsTheQueueLinesFailAloneAndSayWhy() throws Exception {
        try (Gateway g = start(false, TestGateway.freePort())) {
            HttpResponse<String> h = get(g, "/health");
            assertEquals(503, h.statusCode(), h.body());
            assertTrue(h.body().contains("\"9100\"") && h.body().contains("\"9200\""), h.body());
            assertTrue(h.body().contains("queue prompts unavailable"), h.body());
            for (ListenerReport r : g.reports()) {
                boolean queueLine = r.ramal().equals("9100") || r.ramal().equals("9200");
                assertEquals(queueLine ? ListenerState.FAILED : ListenerState.BOUND, r.state(), r.ramal());
            }
            try (AudioSocketClient c = dial("40000")) {
                byte[] f = frame(CALLER_VOICE);
                for (int i = 0; i < 5; i++) {
                    c.sendAudio(AudioSocketKind.AUDIO_8K, f, 0, f.length);
                }
                Await.until(WAIT, "the echo line still echoes", () -> heard(c, CALLER_VOICE) >= 5);
            }
        }
    }

    @Test
    void aLineWithABadSettingFailsAloneNamingTheKey() throws Exception {
        try (Gateway g = start(true, TestGateway.freePort(),
                y -> y.replace("      queue: suporte\n", "      queue: suporte\n      strategy: fastest\n"))) {
            HttpResponse<String> h = get(g, "/health");
            assertEquals(503, h.statusCode(), h.body());
            assertTrue(h.body().contains("\"9100\"") && h.body().contains("strategy"), h.body());
            assertEquals(3, g.reports().stream().filter(r -> r.state() == ListenerState.BOUND).count(), h.body());
        }
    }

    @Test
    void statusOnceShowsTheDemoLinesTheQueueAndTheCallsInProgress() throws Exception {
        try (Gateway g = start(true, TestGateway.freePort());
             AudioSocketClient echo = dial("40000");
             AudioSocketClient caller = dial("40100")) {
            speak(echo, CALLER_VOICE);
            speak(caller, CALLER_VOICE);
            Await.until(WAIT, "two calls on the board", () -> {
                try {
                    String b = get(g, "/board.json").body();
                    return b.contains("\"callsTotal\":2") && b.contains("\"position\":1");
                } catch (Exception e) {
                    return false;
                }
            });
            java.io.StringWriter out = new java.io.StringWriter();
            picocli.CommandLine cl = io.ramal.gateway.cli.Main.commandLine();
            cl.setOut(new java.io.PrintWriter(out));
            assertEquals(0, cl.execute("status", "--once", "--url", "http://127.0.0.1:" + g.adminPort()), out.toString());
            String text = out.toString();
            for (String ramal : List.of("9000", "9100", "9200", "9300")) {
                assertTrue(text.lines().anyMatch(l -> l.trim().startsWith(ramal + " ") && l.contains("BOUND")), text);
            }
            assertTrue(text.contains("  UP  calls 2 ("), text);
            assertTrue(text.contains("echo 1") && text.contains("queue 1"), text);
            assertTrue(text.contains("QUEUE suporte  waiting 1"), text);
            assertTrue(text.lines().anyMatch(l -> l.contains("waiting") && l.contains(" 1. 9100")), text);

            java.io.StringWriter json = new java.io.StringWriter();
            cl = io.ramal.gateway.cli.Main.commandLine();
            cl.setOut(new java.io.PrintWriter(json));
            assertEquals(0, cl.execute("status", "--once", "--json", "--url", "http://127.0.0.1:" + g.adminPort()));
            var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toString());
            assertEquals(4, tree.get("extensions").size(), json.toString());
            assertEquals("suporte", tree.get("queues").get(0).get("name").asText());
        }
    }

    @Test
    void theWallboardPageAndItsLiveStreamAreServed() throws Exception {
        try (Gateway g = start(true, TestGateway.freePort())) {
            HttpResponse<String> page = get(g, "/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("/wallboard.js") && page.headers().firstValue("content-type").orElse("")
                    .startsWith("text/html"), page.body());
            assertEquals(200, get(g, "/wallboard.js").statusCode());
            assertEquals(200, get(g, "/wallboard.css").statusCode());
            HttpResponse<java.io.InputStream> events = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + g.adminPort() + "/board/events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals("text/event-stream; charset=utf-8", events.headers().firstValue("content-type").orElse(""));
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(events.body()))) {
                List<String> ats = new java.util.ArrayList<>();
                String line;
                while (ats.size() < 2 && (line = in.readLine()) != null) {
                    if (line.startsWith("data: {")) {
                        assertTrue(line.contains("\"queues\":[{\"name\":\"suporte\""), line);
                        ats.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line.substring(6))
                                .get("at").asText());
                    }
                }
                assertEquals(2, ats.size());
                assertTrue(!ats.get(0).equals(ats.get(1)), "a stream of fresh snapshots: " + ats);
            }
        }
    }
}
