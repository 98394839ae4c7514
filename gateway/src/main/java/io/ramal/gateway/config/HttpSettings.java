package io.ramal.gateway.config;

import io.ramal.extensions.BindAddress;
import io.ramal.extensions.ConfigSection;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * The {@code http:} section: the admin server for {@code /health}, {@code /metrics} and
 * {@code /extensions}.
 *
 * @param enabled whether to start it
 * @param bind    address to bind; loopback by default, as it is for operators only
 * @param port    TCP port, 0 for any free port
 * @param token   when not empty, every path but {@code /health} needs {@code Authorization: Bearer <token>};
 *                required when {@code bind} is not a loopback address (env {@code RAMAL_HTTP_TOKEN})
 */
public record HttpSettings(boolean enabled, String bind, int port, String token) {

    public static HttpSettings from(Map<String, ?> values) {
        ConfigSection s = new ConfigSection("http", values);
        HttpSettings h = new HttpSettings(s.bool("enabled", true), s.string("bind", "127.0.0.1"),
                s.integer("port", 8090, 0, 65535), s.string("token", ""));
        s.finish();
        h.checkExposure();
        return h;
    }

    /**
     * Refuses an admin server reachable from the network without a token: {@code /extensions}
     * and {@code /metrics} would tell any host on it what the gateway serves.
     *
     * @throws IllegalArgumentException naming {@code http.token}
     */
    void checkExposure() {
        if (enabled && token.isEmpty() && !loopback(bind)) {
            throw new IllegalArgumentException("http.bind=" + bind + " is not a loopback address and http.token is"
                    + " not set: set http.token (env RAMAL_HTTP_TOKEN), or bind the admin server to 127.0.0.1");
        }
    }

    /** True for {@code localhost} and loopback literals; literals are parsed without DNS. */
    static boolean loopback(String bind) {
        String b = BindAddress.canonical(bind);
        if (b.equals("localhost")) {
            return true;
        }
        if (!b.matches("[0-9.]+") && b.indexOf(':') < 0) {
            return false; // a host name other than localhost: assume it is reachable
        }
        try {
            int zone = b.indexOf('%');
            return InetAddress.getByName(zone < 0 ? b : b.substring(0, zone)).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "HttpSettings[enabled=" + enabled + ", bind=" + bind + ", port=" + port + ", token="
                + (token.isEmpty() ? "" : "****") + "]";
    }
}
