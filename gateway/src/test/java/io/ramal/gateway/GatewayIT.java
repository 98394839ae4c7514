package io.ramal.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.config.ConfigLoader;
import io.ramal.gateway.config.RamalConfig;
import io.ramal.gateway.status.ListenerReport;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.ShippedLogging;
import io.ramal.gateway.testing.PrometheusText;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole gateway as ops see it: status file, health, metrics and counters. */
class GatewayIT {

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(Gateway g, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.adminPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Gateway start(String extensionsYaml, String... flags) throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/extensions.yaml"), extensionsYaml);
        List<String> all = new java.util.ArrayList<>(List.of("http.port=0", "call.handshake-timeout=300ms",
                "call.idle-timeout=1s", "extensions.retry-min=100ms", "extensions.retry-max=200ms"));
        all.addAll(List.of(flags));
        RamalConfig cfg = ConfigLoader.load(null, Map.of("RAMAL_HOME", home.toString()), all);
        return Gateway.start(cfg);
    }

    @Test
    void statusFileHealthAndRetryWithAPortTaken() throws Exception {
        ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int taken = squatter.getLocalPort();
        String yaml = "extensions:\n"
                + "  - {ramal: '9001', port: " + TestGateway.freePort() + ", mode: echo}\n"
                + "  - {ramal: '9002', port: " + taken + ", mode: echo}\n"
                + "  - {ramal: '9003', port: " + TestGateway.freePort() + ", mode: echo}\n";
        try (ShippedLogging logging = ShippedLogging.at(home);
             Gateway g = start(yaml, "status.interval=1s", "extensions.retry-min=500ms", "extensions.retry-max=500ms")) {
            Path status = home.resolve("logs/status.log");
            HttpResponse<String> h = get(g, "/health");
            assertEquals(503, h.statusCode(), h.body());
            JsonNode failed = new ObjectMapper().readTree(h.body()).get("failed");
            assertEquals("9002", failed.get(0).get("ramal").asText());
            assertTrue(failed.get(0).get("reason").asText().contains("Address already in use"), h.body());

            Await.until(Duration.ofSeconds(5), "two reports", () -> count(status, " summary ") >= 2);
            String text = Files.readString(status);
            assertEquals(1, text.lines().filter(l -> l.contains("WARN") && l.contains("listener down ramal=9002")).count(),
                    "one WARN at the failure, not one per retry: " + text);
            for (String r : List.of("9001", "9003")) {
                assertTrue(text.contains("listener ramal=" + r + " address=127.0.0.1:"), text);
            }
            assertTrue(text.lines().anyMatch(l -> l.contains("listener ramal=9002") && l.contains("state=FAILED")
                    && l.contains("reason=\"Address already in use")), text);
            assertTrue(text.contains("summary listeners-bound=2 listeners-configured=3"), text);
            assertTrue(text.contains("store kind=file up=true down-since=- serving-from=store last-error=\"\""), text);
            assertEquals("file", new ObjectMapper().readTree(h.body()).get("store").get("kind").asText(), h.body());
            // One line per listener per report, never a silent gap.
            long reports = count(status, " summary ");
            assertTrue(count(status, "listener ramal=9002 ") >= reports, text);

            squatter.close();
            Await.until(Duration.ofSeconds(5), "bound on retry", () -> {
                try {
                    return get(g, "/health").statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
            Await.until(Duration.ofSeconds(3), "back line", () -> count(status, "listener back ramal=9002") == 1);
        }
    }

    private static long count(Path f, String needle) {
        try {
            return Files.exists(f) ? Files.readAllLines(f).stream().filter(l -> l.contains(needle)).count() : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    @Test
    void twoHundredCallsWithBadInputMixedInAreCountedExactly() throws Exception {
        int port = TestGateway.freePort();
        try (Gateway g = start("extensions:\n  - {ramal: '9000', port: " + port + ", mode: echo}\n")) {
            Random rnd = new Random(42);
            AtomicInteger good = new AtomicInteger();
            AtomicInteger unknownKind = new AtomicInteger();
            AtomicInteger audioFirst = new AtomicInteger();
            AtomicInteger silentBeforeId = new AtomicInteger();
            AtomicInteger closedBeforeId = new AtomicInteger();
            AtomicInteger framesSent = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(20);
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int kind = rnd.nextInt(10);
                done.add(pool.submit(() -> {
                    try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port)) {
                        switch (kind) {
                            case 0 -> { // unknown kind after the id: protocol error
                                c.sendId(UUID.randomUUID());
                                c.sendRaw(new byte[] {0x42, 0, 0});
                                c.awaitClosed(Duration.ofSeconds(3));
                                unknownKind.incrementAndGet();
                            }
                            case 1 -> { // audio before the id: protocol error, no call
                                c.sendRaw(new byte[] {0x10, 0, 2, 0, 0});
                                c.awaitClosed(Duration.ofSeconds(3));
                                audioFirst.incrementAndGet();
                            }
                            case 2 -> { // says nothing: handshake timeout
                                c.awaitClosed(Duration.ofSeconds(3));
                                silentBeforeId.incrementAndGet();
                            }
                            case 3 -> closedBeforeId.incrementAndGet(); // closes at once
                            default -> { // a good call of 5 frames
                                c.sendId(UUID.randomUUID());
                                byte[] f = new byte[320];
                                f[1] = 5;
                                for (int k = 0; k < 5; k++) {
                                    c.sendAudio(AudioSocketKind.AUDIO_8K, f, 0, 320);
                                    framesSent.incrementAndGet();
                                }
                                Await.until(Duration.ofSeconds(3), "echo", () -> c.received().stream()
                                        .filter(x -> !x.isSilence()).count() >= 5);
                                good.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            Await.until(Duration.ofSeconds(5), "every call over", () -> g.reports().get(0).active() == 0
                    && g.reports().get(0).connections() == 200
                    && g.reports().get(0).closedBeforeId() == closedBeforeId.get());
            ListenerReport r = g.reports().get(0);
            assertEquals(200, r.connections());
            assertEquals(good.get() + unknownKind.get(), r.calls());
            assertEquals(unknownKind.get() + audioFirst.get(), r.protocolErrors());
            assertEquals(silentBeforeId.get(), r.handshakeTimeouts());
            assertEquals(closedBeforeId.get(), r.closedBeforeId());
            assertEquals(framesSent.get(), r.framesIn());
            assertEquals(0, r.internalErrors());

            PrometheusText m = PrometheusText.parse(get(g, "/metrics").body());
            Map<String, String> l = Map.of("ramal", "9000");
            assertEquals(r.calls(), (long) m.value("ramal_calls_total", l));
            assertEquals(r.protocolErrors(), (long) m.value("ramal_protocol_errors_total", l));
            assertEquals(r.handshakeTimeouts(), (long) m.value("ramal_handshake_timeouts_total", l));
            assertEquals(200, (long) m.value("ramal_connections_total", l));
            assertEquals(framesSent.get(), (long) m.value("ramal_audio_frames_total", Map.of("ramal", "9000", "direction", "in")));
        }
    }
}
