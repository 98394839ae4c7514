package io.ramal.gateway.config;

import io.ramal.extensions.ConfigSection;

import java.util.Map;

/**
 * The {@code http:} section: the admin server for {@code /health}, {@code /metrics} and
 * {@code /extensions}.
 *
 * @param enabled whether to start it
 * @param bind    address to bind; loopback by default, as it is for operators only
 * @param port    TCP port, 0 for any free port
 * @param token   when not empty, requests need {@code Authorization: Bearer <token>}
 */
public record HttpSettings(boolean enabled, String bind, int port, String token) {

    public static HttpSettings from(Map<String, ?> values) {
        ConfigSection s = new ConfigSection("http", values);
        HttpSettings h = new HttpSettings(s.bool("enabled", true), s.string("bind", "127.0.0.1"),
                s.integer("port", 8090, 0, 65535), s.string("token", ""));
        s.finish();
        return h;
    }

    @Override
    public String toString() {
        return "HttpSettings[enabled=" + enabled + ", bind=" + bind + ", port=" + port + ", token="
                + (token.isEmpty() ? "" : "****") + "]";
    }
}
