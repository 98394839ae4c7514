package io.ramal.gateway.http;

import io.ramal.gateway.Gateway;
import io.ramal.gateway.config.ConfigLoader;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wallboard's token rules: without it the page is the sign-in form and the data 401; the
 * form and the kiosk URL set an HttpOnly, SameSite=Strict cookie that then opens the page, the
 * data and the other endpoints; a wrong token sets nothing.
 */
class WallboardAuthIT {

    private static final String TOKEN = "wallboard-t0ken";

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient(); // no redirects followed, no cookie jar

    private Gateway start() throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/extensions.yaml"), "extensions:\n  - ramal: \"9000\"\n    port: "
                + TestGateway.freePort() + "\n    mode: echo\n");
        return Gateway.start(ConfigLoader.load(null, Map.of("RAMAL_HOME", home.toString()),
                List.of("http.port=0", "http.token=" + TOKEN)));
    }

    private HttpResponse<String> send(Gateway g, HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder get(Gateway g, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.adminPort() + path));
    }

    @Test
    void theTokenOpensThePageAsABearerHeaderOrAsTheCookieTheFormSets() throws Exception {
        try (Gateway g = start()) {
            HttpResponse<String> page = send(g, get(g, "/"));
            assertEquals(401, page.statusCode());
            assertTrue(page.body().contains("action=\"/login\""), "the sign-in form: " + page.body());
            assertEquals(401, send(g, get(g, "/board.json")).statusCode());
            assertEquals(401, send(g, get(g, "/board/events")).statusCode());
            assertEquals(200, send(g, get(g, "/board.json").header("Authorization", "Bearer " + TOKEN)).statusCode());

            HttpResponse<String> wrong = send(g, get(g, "/login").POST(HttpRequest.BodyPublishers.ofString("token=nope"))
                    .header("Content-Type", "application/x-www-form-urlencoded"));
            assertEquals(401, wrong.statusCode());
            assertTrue(wrong.headers().firstValue("set-cookie").isEmpty());

            HttpResponse<String> login = send(g, get(g, "/login")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN))
                    .header("Content-Type", "application/x-www-form-urlencoded"));
            assertEquals(303, login.statusCode());
            assertEquals("/", login.headers().firstValue("location").orElse(""));
            String cookie = login.headers().firstValue("set-cookie").orElse("");
            assertTrue(cookie.startsWith("ramal_token=" + TOKEN + ";") && cookie.contains("HTTPOnly")
                    && cookie.contains("SameSite=Strict"), cookie);
            String jar = cookie.substring(0, cookie.indexOf(';'));
            assertEquals(200, send(g, get(g, "/").header("Cookie", jar)).statusCode());
            HttpResponse<String> data = send(g, get(g, "/board.json").header("Cookie", jar));
            assertEquals(200, data.statusCode());
            assertTrue(data.body().contains("\"ramal\":\"9000\""), data.body());
            assertEquals(200, send(g, get(g, "/extensions").header("Cookie", jar)).statusCode());
            assertEquals(401, send(g, get(g, "/board.json").header("Cookie", "ramal_token=nope")).statusCode());

            HttpResponse<String> kiosk = send(g, get(g, "/?token=" + TOKEN));
            assertEquals(303, kiosk.statusCode(), "the token leaves the address bar");
            assertTrue(kiosk.headers().firstValue("set-cookie").orElse("").startsWith("ramal_token=" + TOKEN));
            assertEquals(401, send(g, get(g, "/?token=nope")).statusCode());
            assertEquals(200, send(g, get(g, "/health")).statusCode(), "/health stays open");
        }
    }
}
