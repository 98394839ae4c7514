package io.ramal.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.extensions.cli.LiveStates;
import io.ramal.gateway.config.HttpSettings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Asks the running gateway's admin server for its listener states ({@code GET /extensions}). */
final class GatewayStates implements LiveStates {

    private final HttpSettings http;

    GatewayStates(HttpSettings http) {
        this.http = http;
    }

    @Override
    public Map<String, State> fetch() {
        if (!http.enabled() || http.port() == 0) {
            return Map.of();
        }
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(AdminUrl.of(http) + "/extensions"))
                    .timeout(Duration.ofSeconds(2));
            if (!http.token().isEmpty()) {
                b.header("Authorization", "Bearer " + http.token());
            }
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()
                    .send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Map.of();
            }
            Map<String, State> out = new HashMap<>();
            for (JsonNode n : new ObjectMapper().readTree(r.body())) {
                JsonNode reason = n.get("reason");
                out.put(n.get("ramal").asText(), new State(n.get("state").asText(),
                        reason == null || reason.isNull() ? null : reason.asText()));
            }
            return out;
        } catch (Exception e) {
            return Map.of(); // no gateway running: the list shows the store alone
        }
    }
}
