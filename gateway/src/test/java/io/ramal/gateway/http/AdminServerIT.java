package io.ramal.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.extensions.Extension;
import io.ramal.extensions.ListenerState;
import io.ramal.extensions.ListenerStatus;
import io.ramal.extensions.StoreHealth;
import io.ramal.extensions.Mode;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.cluster.ClusterSource;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.config.HttpSettings;
import io.ramal.gateway.listener.NettyListener;
import io.ramal.gateway.status.ListenerReport;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.FixedCluster;
import io.ramal.gateway.testing.PrometheusText;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminServerIT {

    private final HttpClient http = HttpClient.newHttpClient();

    private static final Supplier<StoreHealth> STORE_UP = () -> new StoreHealth("file", true, null,
            StoreHealth.ServingFrom.STORE, null);

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsParseAndCountTheCallsMadePerExtension() throws Exception {
        try (TestGateway gw = TestGateway.echo()) {
            NettyListener a = gw.bindEcho("9001");
            NettyListener b = gw.bindEcho("9002");
            Extension failed = TestGateway.extension("9003", 1, Mode.ECHO);
            List<ListenerStatus> statuses = new CopyOnWriteArrayList<>(List.of(
                    new ListenerStatus("9001", a.extension(), ListenerState.BOUND, null, Instant.now(), 0),
                    new ListenerStatus("9002", b.extension(), ListenerState.BOUND, null, Instant.now(), 0),
                    new ListenerStatus("9003", failed, ListenerState.FAILED, "Address already in use", Instant.now(), 3)));
            Supplier<List<ListenerReport>> reports = () -> statuses.stream()
                    .map(s -> ListenerReport.of(s, gw.factory.counters(s.ramal()), gw.factory.listener(s.ramal())))
                    .toList();
            GatewayMetrics metrics = new GatewayMetrics(reports);
            try (AdminServer admin = new AdminServer(new HttpSettings(true, "127.0.0.1", 0, ""), reports, STORE_UP,
                    metrics).start(gw.transport)) {
                int calls1 = 3;
                int calls2 = 5;
                call(a, calls1);
                call(b, calls2);
                Await.until(Duration.ofSeconds(3), "calls ended",
                        () -> a.activeCalls() == 0 && b.activeCalls() == 0);

                HttpResponse<String> m = get(admin.port(), "/metrics", null);
                assertEquals(200, m.statusCode());
                assertTrue(m.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
                PrometheusText p = PrometheusText.parse(m.body());
                assertEquals("counter", p.type("ramal_calls_total"));
                assertEquals(calls1, p.value("ramal_calls_total", Map.of("ramal", "9001")));
                assertEquals(calls2, p.value("ramal_calls_total", Map.of("ramal", "9002")));
                assertEquals(0, p.value("ramal_calls_total", Map.of("ramal", "9003")));
                assertEquals(calls1 * 2, p.value("ramal_audio_frames_total", Map.of("ramal", "9001", "direction", "in")));
                assertEquals(1, p.value("ramal_listener_up", Map.of("ramal", "9001", "address", a.extension().address(),
                        "mode", "echo")));
                assertEquals(0, p.value("ramal_listener_up", Map.of("ramal", "9003", "address", "127.0.0.1:1",
                        "mode", "echo")));

                HttpResponse<String> h = get(admin.port(), "/health", null);
                assertEquals(503, h.statusCode());
                JsonNode health = new ObjectMapper().readTree(h.body());
                assertEquals("DOWN", health.get("status").asText());
                assertEquals("9003", health.get("failed").get(0).get("ramal").asText());
                assertEquals("Address already in use", health.get("failed").get(0).get("reason").asText());

                statuses.set(2, new ListenerStatus("9003", failed, ListenerState.BOUND, null, Instant.now(), 0));
                assertEquals(200, get(admin.port(), "/health", null).statusCode());

                JsonNode ext = new ObjectMapper().readTree(get(admin.port(), "/extensions", null).body());
                assertEquals(3, ext.size());
                assertEquals(calls2, ext.get(1).get("calls").asInt());
                assertEquals(404, get(admin.port(), "/nope", null).statusCode());
            }
        }
    }

    @Test
    void bearerTokenIsRequiredWhenConfigured() throws Exception {
        try (TestGateway gw = TestGateway.echo()) {
            Supplier<List<ListenerReport>> reports = List::of;
            try (AdminServer admin = new AdminServer(new HttpSettings(true, "127.0.0.1", 0, "s3cret"), reports,
                    STORE_UP, new GatewayMetrics(reports)).start(gw.transport)) {
                // /health is open to health checks; everything else needs the token.
                assertEquals(200, get(admin.port(), "/health", null).statusCode());
                for (String path : List.of("/extensions", "/metrics")) {
                    HttpResponse<String> none = get(admin.port(), path, null);
                    assertEquals(401, none.statusCode(), path);
                    assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""), path);
                    assertFalse(none.body().contains("s3cret"), path);
                    assertEquals(401, get(admin.port(), path, "wrong").statusCode(), path);
                    assertEquals(401, get(admin.port(), path, "s3cret-and-more").statusCode(), path);
                    HttpResponse<String> ok = get(admin.port(), path, "s3cret");
                    assertEquals(200, ok.statusCode(), path);
                    assertFalse(ok.body().contains("s3cret"), path + " never shows the token");
                }
            }
        }
    }

    @Test
    void clusterShowsTheNodesAndOwnersUnderTheToken() throws Exception {
        try (TestGateway gw = TestGateway.echo()) {
            Supplier<List<ListenerReport>> reports = List::of;
            HttpSettings settings = new HttpSettings(true, "127.0.0.1", 0, "s3cret");
            ObjectMapper mapper = new ObjectMapper();
            try (AdminServer admin = new AdminServer(settings, reports, STORE_UP, new GatewayMetrics(reports), null,
                    null, ClusterSource.single("box", "0.1.0", () -> 2)).start(gw.transport)) {
                assertEquals(401, get(admin.port(), "/cluster", null).statusCode());
                HttpResponse<String> r = get(admin.port(), "/cluster", "s3cret");
                assertEquals(200, r.statusCode());
                assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
                JsonNode c = mapper.readTree(r.body());
                assertFalse(c.get("clustered").asBoolean());
                assertEquals("box", c.get("self").asText());
                assertEquals(1, c.get("nodes").size());
                assertEquals("box", c.get("nodes").get(0).get("name").asText());
                assertTrue(c.get("nodes").get(0).get("alive").asBoolean());
                assertEquals(2, c.get("nodes").get(0).get("activeCalls").asInt());
                assertEquals(0, c.get("owners").size());
            }
            Instant at = Instant.parse("2026-12-01T10:00:00Z");
            GatewayMetrics metrics = new GatewayMetrics(reports);
            FixedCluster cluster = FixedCluster.threeNodes(at);
            metrics.registerCluster(cluster);
            try (AdminServer admin = new AdminServer(settings, reports, STORE_UP, metrics, null, null, cluster)
                    .start(gw.transport)) {
                JsonNode c = mapper.readTree(get(admin.port(), "/cluster", "s3cret").body());
                assertTrue(c.get("clustered").asBoolean());
                assertTrue(c.get("databaseUp").asBoolean());
                assertEquals("2026-12-01T10:00:00Z", c.get("readAt").asText());
                assertEquals(3, c.get("nodes").size());
                JsonNode b = c.get("nodes").get(1);
                assertEquals("b", b.get("name").asText());
                assertFalse(b.get("self").asBoolean());
                assertTrue(b.get("alive").asBoolean());
                assertEquals(800, b.get("lastSeenAgoMs").asLong());
                assertEquals(1, b.get("activeCalls").asInt());
                assertEquals("127.0.0.3:9601", b.get("relay").asText());
                assertFalse(c.get("nodes").get(2).get("alive").asBoolean());
                JsonNode suporte = c.get("owners").get("suporte");
                assertEquals("a", suporte.get("node").asText());
                assertEquals(4, suporte.get("epoch").asLong());
                assertTrue(suporte.get("valid").asBoolean());
                assertTrue(suporte.get("ownedHere").asBoolean());
                assertFalse(c.get("owners").get("vendas").get("valid").asBoolean(), "its lease ran out");

                PrometheusText p = PrometheusText.parse(get(admin.port(), "/metrics", "s3cret").body());
                assertEquals(2, p.value("ramal_cluster_nodes_alive", Map.of()));
                assertEquals(1, p.value("ramal_cluster_database_up", Map.of()));
                assertEquals(1, p.value("ramal_queue_owned", Map.of("queue", "suporte")));
                assertEquals(0, p.value("ramal_queue_owned", Map.of("queue", "vendas")));
            }
        }
    }

    private static void call(NettyListener l, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", TestGateway.port(l))) {
                c.sendId(UUID.randomUUID());
                byte[] f = new byte[320];
                f[0] = 1;
                c.sendAudio(AudioSocketKind.AUDIO_8K, f, 0, 320);
                c.sendAudio(AudioSocketKind.AUDIO_8K, f, 0, 320);
                Await.until(Duration.ofSeconds(2), "echo", () -> c.received().stream().anyMatch(x -> !x.isSilence()));
            }
        }
    }
}
