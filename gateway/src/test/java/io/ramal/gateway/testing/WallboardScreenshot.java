package io.ramal.gateway.testing;

import io.ramal.audio.AudioFormat;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Photographs the wallboard of a running gateway for the docs (run by
 * {@code bench/scripts/wallboard-screenshot.sh}, which also puts the echo load on it): a few
 * queue calls first make today's figures (answered after a wait and hung up, abandoned), one
 * attendant logs in and pauses, more callers arrive than the attendants who then log in can
 * take, so the shot shows attendants busy and callers waiting; every phone sends a quiet 20 ms
 * frame every 20 ms, as Asterisk would. Then a desktop and a phone-width screenshot of the whole
 * page, and every call hangs up.
 *
 * <p>Arguments, {@code name=value}: {@code admin} (the admin server's base URL), {@code token},
 * {@code queue} and {@code agent} (the ports of a queue line and of its attendants' line),
 * {@code callers} (waiting at the end, default 5), {@code attendants} (default 3), {@code desktop}
 * and {@code phone} (the PNG files to write).
 */
public final class WallboardScreenshot {

    /**
     * Selenium warns that it has no CDP bindings for this Chromium, which executeCdpCommand does
     * not need; held in a field so that java.util.logging keeps the level set on it.
     */
    private static final java.util.logging.Logger CDP_WARNINGS =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    private final Map<String, String> args;
    private final ScheduledExecutorService talk = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "screenshot-phones");
        t.setDaemon(true);
        return t;
    });
    private final List<AudioSocketClient> phones = new ArrayList<>();

    private WallboardScreenshot(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String s : argv) {
            int eq = s.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected name=value, got " + s);
            }
            a.put(s.substring(0, eq), s.substring(eq + 1));
        }
        CDP_WARNINGS.setLevel(java.util.logging.Level.SEVERE);
        new WallboardScreenshot(a).run();
    }

    private void run() throws Exception {
        int queue = Integer.parseInt(need("queue"));
        int agent = Integer.parseInt(need("agent"));
        int callers = Integer.parseInt(args.getOrDefault("callers", "5"));
        int attendants = Integer.parseInt(args.getOrDefault("attendants", "3"));
        try {
            today(queue, agent);
            call(agent).sendDtmf('*'); // one attendant on a break
            for (int i = 0; i < attendants + callers; i++) {
                call(queue);
                pause(400); // a spread of waiting times, as in life
            }
            pause(3_000);
            for (int i = 0; i < attendants; i++) {
                call(agent);
            }
            shoot(Chromium.start("en-US", 1440, 900, 1), Path.of(need("desktop")), callers, attendants);
            shoot(Chromium.start("pt-BR", 390, 844, 2), Path.of(need("phone")), callers, attendants);
        } finally {
            talk.shutdownNow();
            for (AudioSocketClient p : phones) {
                p.close();
            }
        }
    }

    /** Two callers answered after a wait who hang up, and one who gives up: today's figures are not all zero. */
    private void today(int queue, int agent) throws Exception {
        for (int i = 0; i < 2; i++) {
            AudioSocketClient c = call(queue);
            pause(4_000);
            AudioSocketClient a = call(agent);
            pause(3_000);
            c.close();
            a.close();
        }
        AudioSocketClient gaveUp = call(queue);
        pause(2_000);
        gaveUp.close();
    }

    private AudioSocketClient call(int port) throws IOException {
        AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port);
        c.sendId(UUID.randomUUID());
        byte[] quiet = new byte[AudioFormat.SLIN_8K.frameBytes()];
        for (int i = 0; i < quiet.length; i += 2) {
            quiet[i] = 8; // not digital silence: a line's hiss
        }
        talk.scheduleAtFixedRate(() -> {
            try {
                c.sendAudio(AudioSocketKind.AUDIO_8K, quiet, 0, quiet.length);
                c.received().clear(); // what it hears does not matter here
            } catch (IOException e) {
                throw new IllegalStateException("call ended", e); // cancels this phone's task only
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        phones.add(c);
        return c;
    }

    /** Signs in, waits for the expected queue and the figures, then takes the whole page. */
    private void shoot(Chromium chromium, Path out, int callers, int attendants) throws Exception {
        try (chromium) {
            ChromeDriver page = chromium.driver();
            page.get(need("admin") + "/?token=" + need("token"));
            String q = "article[data-queue]";
            new WebDriverWait(page, Duration.ofSeconds(30), Duration.ofMillis(100))
                    .withMessage("the queue with " + callers + " waiting and " + attendants + " busy")
                    .until(d -> d.findElements(By.cssSelector(q + " li[data-waiting-call]")).size() == callers
                            && d.findElements(By.cssSelector(q + " li[data-state=\"busy\"]")).size() == attendants
                            && !"0".equals(text(d, q + " [data-k=\"answered\"]")));
            pause(2_500); // the waiting times tick on and the sparkline gets its points: the shot shows a live board
            long height = (Long) page.executeScript("return Math.ceil(document.documentElement.scrollHeight)");
            long width = (Long) page.executeScript("return window.innerWidth");
            double ratio = ((Number) page.executeScript("return window.devicePixelRatio")).doubleValue();
            page.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                    "deviceScaleFactor", ratio, "mobile", ratio > 1));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, page.getScreenshotAs(OutputType.BYTES));
            System.out.println("wrote " + out + " (" + width + "x" + height + " CSS px at " + ratio + "x)");
        }
    }

    private static String text(WebDriver d, String css) {
        var e = d.findElements(By.cssSelector(css));
        return e.isEmpty() ? "0" : e.get(0).getText();
    }

    private String need(String name) {
        String v = args.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing " + name + "=...");
        }
        return v;
    }

    private static void pause(long ms) throws InterruptedException {
        Thread.sleep(ms); // pacing the scene, not waiting for a condition
    }
}
