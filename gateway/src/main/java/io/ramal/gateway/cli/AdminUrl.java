package io.ramal.gateway.cli;

import io.ramal.gateway.config.HttpSettings;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The running gateway's admin server as seen from this host, from the {@code http:} settings, and
 * the one way the commands that read it ({@code ramal status}, {@code ramal nodes}) ask it.
 */
final class AdminUrl {

    private AdminUrl() {
    }

    /** {@code http://host:port}: a wildcard bind is reached on loopback. */
    static String of(HttpSettings http) {
        String host = http.bind();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + http.port();
    }

    /**
     * The body of {@code GET base+path}, with the token when not empty.
     *
     * @throws IOException           when nothing answers, saying what to check
     * @throws IllegalStateException when the server answers other than 200, saying why
     */
    static String get(HttpClient client, String base, String token, String path)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5));
        if (!token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("no gateway answers at " + base + " (" + e + "); is it running, and is http.port "
                    + "right? --url names another", e);
        }
        if (r.statusCode() == 401) {
            throw new IllegalStateException(base + " asks for the admin token: --token, or RAMAL_HTTP_TOKEN");
        }
        if (r.statusCode() == 404) {
            throw new IllegalStateException(base + " has no " + path + ": a gateway older than this command?");
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException(base + path + " answered " + r.statusCode());
        }
        return r.body();
    }
}
