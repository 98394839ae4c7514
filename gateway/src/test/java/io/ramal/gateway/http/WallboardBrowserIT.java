package io.ramal.gateway.http;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.Wav;
import io.ramal.gateway.Gateway;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.config.ConfigLoader;
import io.ramal.gateway.prompt.Prompts;
import io.ramal.gateway.testing.Chromium;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wallboard in a real browser (headless Chromium, Debian's packages; missing ones fail the
 * test): signing in, a caller showing up in the queue within a second, the attendant who answers
 * shown busy with that caller, the Brazilian Portuguese labels, and the page coming back by
 * itself after the gateway restarts.
 */
class WallboardBrowserIT {

    private static final String TOKEN = "wallboard-test-token";
    private static final String QUEUE = "article[data-queue=\"suporte\"]";

    @TempDir
    Path home;

    private final List<AutoCloseable> open = new ArrayList<>();
    private int adminPort;
    private int queuePort;
    private int agentPort;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void callerShowsWaitingWithinASecondThenBusyWithTheAttendantAndThePageRecoversAfterARestart() throws Exception {
        Gateway g = startGateway();
        Chromium chromium = browser("en-US");
        WebDriver page = chromium.driver();
        page.get(base() + "/?token=" + TOKEN);
        assertEquals(base() + "/", page.getCurrentUrl(), "the token leaves the address bar");
        waitFor(page, Duration.ofSeconds(10), "the page live", d -> cls(d, "#live").contains("on"));

        UUID caller = UUID.randomUUID();
        AudioSocketClient callerLine = dial(queuePort);
        long dialled = System.nanoTime(); // from the id frame, which precedes the ENTER: a stricter bound
        callerLine.sendId(caller);
        waitFor(page, Duration.ofSeconds(5), "caller " + caller + " waiting",
                d -> present(d, QUEUE + " li[data-waiting-call=\"" + caller + "\"]")
                        && "1".equals(text(d, QUEUE + " [data-k=\"waiting-count\"]")));
        long shownMs = (System.nanoTime() - dialled) / 1_000_000;
        System.out.println("wallboard caller shown ms=" + shownMs);
        assertTrue(shownMs <= 1_000, "the waiting caller showed " + shownMs + " ms after its id frame, more than 1 s");
        assertEquals(1, page.findElements(By.cssSelector(QUEUE + " li[data-waiting-call]")).size());

        UUID attendant = UUID.randomUUID();
        dial(agentPort).sendId(attendant);
        String busy = QUEUE + " li[data-attendant-call=\"" + attendant + "\"][data-state=\"busy\"]"
                + "[data-with=\"" + caller + "\"]";
        waitFor(page, Duration.ofSeconds(5), "attendant " + attendant + " busy with " + caller, d -> present(d, busy)
                && "0".equals(text(d, QUEUE + " [data-k=\"waiting-count\"]"))
                && "1".equals(text(d, QUEUE + " [data-k=\"busy\"]")));
        assertTrue(page.findElements(By.cssSelector(QUEUE + " li[data-waiting-call]")).isEmpty(),
                "nobody waits any more");
        assertEquals("1", text(page, "#extensions tbody tr[data-ramal=\"9100\"] td:nth-child(5)"), "the caller's line");
        assertEquals("1", text(page, "#extensions tbody tr[data-ramal=\"9200\"] td:nth-child(5)"), "the attendant's");
        List<String> errors = chromium.console(Level.SEVERE);
        assertTrue(errors.isEmpty(), "console errors on the board: " + errors);

        // A wall display runs for months: a restart of the gateway must not need anyone at the screen.
        g.close();
        open.remove(g);
        waitFor(page, Duration.ofSeconds(10), "the page saying it lost the gateway",
                d -> cls(d, "#live").contains("off"));
        Instant restarted = Instant.now();
        startGateway();
        waitFor(page, Duration.ofSeconds(15), "the page live again after the restart",
                d -> cls(d, "#live").contains("on")
                        && Instant.parse(d.findElement(By.tagName("body")).getAttribute("data-at")).isAfter(restarted));
    }

    @Test
    void withoutTheCookieThePageIsTheSignInFormAndTheFormSignsIn() throws Exception {
        startGateway();
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base() + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.body().contains("<form method=\"post\" action=\"/login\""), r.body());

        Chromium chromium = browser("en-US");
        WebDriver page = chromium.driver();
        page.get(base() + "/");
        WebElement token = page.findElement(By.cssSelector("form[action=\"/login\"] input[name=\"token\"]"));
        assertEquals("rgba(15, 20, 25, 1)", page.findElement(By.tagName("body")).getCssValue("background-color"),
                "the sign-in form has the wallboard's style");
        token.sendKeys("wrong");
        token.submit();
        waitFor(page, Duration.ofSeconds(5), "the form again after a wrong token",
                d -> d.getCurrentUrl().endsWith("/login") && present(d, "form[action=\"/login\"]"));
        chromium.console(Level.ALL); // the 401s so far were the point
        page.findElement(By.cssSelector("input[name=\"token\"]")).sendKeys(TOKEN);
        page.findElement(By.cssSelector("button[type=\"submit\"]")).click();
        waitFor(page, Duration.ofSeconds(10), "the board after signing in", d -> d.getCurrentUrl().equals(base() + "/")
                && cls(d, "#live").contains("on") && present(d, "#extensions tbody tr[data-ramal=\"9100\"]"));
        assertEquals("Extensions", label(page, "[data-i18n=\"extensions\"]"));
        List<String> errors = chromium.console(Level.SEVERE);
        assertTrue(errors.isEmpty(), "console errors on the board: " + errors);
    }

    @Test
    void aBrazilianBrowserGetsBrazilianPortugueseLabels() throws Exception {
        startGateway();
        WebDriver page = browser("pt-BR").driver();
        page.get(base() + "/?token=" + TOKEN);
        dial(queuePort).sendId(UUID.randomUUID()); // so that the queue's card is drawn
        waitFor(page, Duration.ofSeconds(10), "the queue card", d -> present(d, QUEUE + " li[data-waiting-call]"));
        assertEquals("pt-BR", page.findElement(By.tagName("html")).getAttribute("lang"));
        assertEquals("Ramais", label(page, "[data-i18n=\"extensions\"]"));
        assertEquals("aguardando", label(page, QUEUE + " [data-i18n=\"waiting\"]"));
        assertEquals("Atendentes", label(page, QUEUE + " [data-i18n=\"attendants\"]"));
        assertTrue(text(page, "#live").startsWith("ao vivo"), text(page, "#live"));
    }

    /** A gateway in {@link #home} with queue suporte (9100) and its attendants' line (9200), the token set. */
    private Gateway startGateway() throws Exception {
        if (adminPort == 0) {
            adminPort = TestGateway.freePort();
            queuePort = TestGateway.freePort();
            agentPort = TestGateway.freePort();
            writeHome();
        }
        // The test's phones send no audio: no idle hang-up.
        Gateway g = Gateway.start(ConfigLoader.load(null, Map.of("RAMAL_HOME", home.toString()),
                List.of("http.port=" + adminPort, "http.token=" + TOKEN, "call.idle-timeout=0")));
        open.add(g);
        return g;
    }

    private void writeHome() throws Exception {
        Path config = Files.createDirectories(home.resolve("config"));
        Files.writeString(config.resolve("extensions.yaml"), """
                extensions:
                  - ramal: "9100"
                    bind: 127.0.0.1
                    port: %d
                    mode: queue
                    settings: {queue: suporte, announce-interval: 0, wrap-up: 0}
                  - ramal: "9200"
                    bind: 127.0.0.1
                    port: %d
                    mode: agent
                    settings: {queues: [suporte]}
                """.formatted(queuePort, agentPort));
        Path prompts = Files.createDirectories(config.resolve("prompts"));
        byte[] quiet = new byte[5 * AudioFormat.SLIN_8K.frameBytes()]; // 100 ms of silence each
        for (String name : Prompts.names()) {
            Wav.write(prompts.resolve(name + ".wav"), 8000, quiet);
        }
    }

    private Chromium browser(String lang) {
        Chromium c = Chromium.start(lang, 1280, 900, 1);
        open.add(c);
        return c;
    }

    private AudioSocketClient dial(int port) throws Exception {
        AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port);
        open.add(c);
        return c;
    }

    private String base() {
        return "http://127.0.0.1:" + adminPort;
    }

    /** Polls the page every 20 ms (WebDriverWait's default is half a second: too coarse for the 1 s check). */
    private static void waitFor(WebDriver page, Duration timeout, String what, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(page, timeout, Duration.ofMillis(20)).withMessage(what).until(condition);
    }

    private static boolean present(WebDriver d, String css) {
        return !d.findElements(By.cssSelector(css)).isEmpty();
    }

    private static String text(WebDriver d, String css) {
        List<WebElement> e = d.findElements(By.cssSelector(css));
        return e.isEmpty() ? null : e.get(0).getText();
    }

    /** The text as written in the page, before CSS (headings are upper-cased by the style). */
    private static String label(WebDriver d, String css) {
        return d.findElement(By.cssSelector(css)).getAttribute("textContent");
    }

    private static String cls(WebDriver d, String css) {
        List<WebElement> e = d.findElements(By.cssSelector(css));
        return e.isEmpty() ? "" : String.valueOf(e.get(0).getAttribute("class"));
    }
}
