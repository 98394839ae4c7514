package io.ramal.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.extensions.ListenerState;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.config.ConfigLoader;
import io.ramal.gateway.config.RamalConfig;
import io.ramal.gateway.status.ListenerReport;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.PrometheusText;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17: an edit the gateway cannot serve leaves the running version serving, reported as
 * SERVING_OLD with its reason; /health stays UP, ramal_listener_up stays 1, and
 * ramal_listener_edit_pending says an edit waits.
 */
class RefusedEditIT {

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(Gateway g, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.adminPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFormatEditToAServingEchoLineLeavesItServingAndReportedAsServingTheOldVersion() throws Exception {
        int port = TestGateway.freePort();
        Path yaml = home.resolve("config/extensions.yaml");
        Files.createDirectories(yaml.getParent());
        Files.writeString(yaml, "extensions:\n  - {ramal: '9100', port: " + port + ", mode: echo}\n");
        RamalConfig cfg = ConfigLoader.load(null, Map.of("RAMAL_HOME", home.toString()),
                List.of("http.port=0", "extensions.watch-interval=50ms"));
        try (Gateway g = Gateway.start(cfg)) {
            echoes(port);
            Files.writeString(yaml, "extensions:\n  - {ramal: '9100', port: " + port
                    + ", mode: echo, settings: {format: slin99}}\n");
            Await.until(Duration.ofSeconds(5), "the edit refused",
                    () -> g.reports().get(0).state() == ListenerState.SERVING_OLD);
            ListenerReport r = g.reports().get(0);
            assertTrue(r.reason() != null && r.reason().contains("slin99"), r.reason());

            echoes(port); // the old version still answers

            HttpResponse<String> h = get(g, "/health");
            assertEquals(200, h.statusCode(), h.body());
            JsonNode health = new ObjectMapper().readTree(h.body());
            assertEquals("UP", health.get("status").asText());
            assertEquals(1, health.get("bound").asInt());
            assertEquals(0, health.get("failed").size(), h.body());
            assertEquals("9100", health.get("edit-pending").get(0).get("ramal").asText(), h.body());

            PrometheusText m = PrometheusText.parse(get(g, "/metrics").body());
            assertEquals(1, (long) m.value("ramal_listener_up",
                    Map.of("ramal", "9100", "address", "127.0.0.1:" + port, "mode", "echo")));
            assertEquals(1, (long) m.value("ramal_listener_edit_pending", Map.of("ramal", "9100")));

            JsonNode ext = new ObjectMapper().readTree(get(g, "/extensions").body());
            assertEquals("SERVING_OLD", ext.get(0).get("state").asText());

            // Repaired: BOUND again and nothing pending.
            Files.writeString(yaml, "extensions:\n  - {ramal: '9100', port: " + port + ", mode: echo}\n");
            Await.until(Duration.ofSeconds(5), "repaired", () -> g.reports().get(0).state() == ListenerState.BOUND);
            m = PrometheusText.parse(get(g, "/metrics").body());
            assertEquals(0, (long) m.value("ramal_listener_edit_pending", Map.of("ramal", "9100")));
        }
    }

    private static void echoes(int port) throws Exception {
        try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port)) {
            c.sendId(UUID.randomUUID());
            byte[] f = new byte[320];
            f[0] = 7;
            c.sendAudio(AudioSocketKind.AUDIO_8K, f, 0, 320);
            c.sendAudio(AudioSocketKind.AUDIO_8K, f, 0, 320);
            Await.until(Duration.ofSeconds(3), "echo", () -> c.received().stream().anyMatch(x -> !x.isSilence()));
        }
    }
}
