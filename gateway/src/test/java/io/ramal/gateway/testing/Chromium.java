package io.ramal.gateway.testing;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * One headless Chromium for the wallboard's browser test and its screenshots: Debian's
 * {@code chromium} and {@code chromium-driver} packages, started by path, so that Selenium Manager
 * never looks for (let alone downloads) a browser or a driver; a fresh profile each time and every
 * background service that would reach the network turned off. When a package is missing,
 * {@link #start} throws an {@link AssertionError} that names it: a test that needs a browser fails
 * on a machine without one, it never skips. Closing quits the browser and its driver (the
 * processes this object started, no others) and deletes the profile.
 */
public final class Chromium implements AutoCloseable {

    /** The browser; {@code RAMAL_TEST_CHROMIUM} overrides. */
    public static final Path BROWSER = Path.of(System.getenv().getOrDefault("RAMAL_TEST_CHROMIUM",
            "/usr/bin/chromium"));
    /** Its driver; {@code RAMAL_TEST_CHROMEDRIVER} overrides. */
    public static final Path DRIVER = Path.of(System.getenv().getOrDefault("RAMAL_TEST_CHROMEDRIVER",
            "/usr/bin/chromedriver"));

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private Chromium(ChromeDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    /**
     * Starts a browser whose languages are {@code lang} (as {@code navigator.languages} shows
     * them) with a {@code width} x {@code height} CSS-pixel viewport; a {@code pixelRatio} above 1
     * emulates a phone of that screen density.
     */
    public static Chromium start(String lang, int width, int height, double pixelRatio) {
        requireInstalled();
        Path profile;
        try {
            profile = Files.createTempDirectory("ramal-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(BROWSER.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--disable-default-apps", "--disable-extensions", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--lang=" + lang, "--window-size=" + width + "," + height);
        o.setExperimentalOption("prefs", Map.of("intl.accept_languages", lang));
        if (pixelRatio > 1) {
            o.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                    Map.of("width", width, "height", height, "pixelRatio", pixelRatio, "touch", true)));
        }
        o.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service;
        try {
            service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingPort(TestGateway.freePort()).build();
        } catch (Exception e) {
            deleteQuietly(profile);
            throw new IllegalStateException("no free port for chromedriver", e);
        }
        try {
            return new Chromium(new ChromeDriver(service, o), service, profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteQuietly(profile);
            throw e;
        }
    }

    /** Fails, naming the Debian packages, unless the browser and its driver are there. */
    public static void requireInstalled() {
        for (Path p : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new AssertionError(p + " is missing: the wallboard's browser tests need Debian's chromium and"
                        + " chromium-driver packages (apt-get install chromium chromium-driver; .ci/run installs"
                        + " them), or RAMAL_TEST_CHROMIUM / RAMAL_TEST_CHROMEDRIVER pointing at a Chromium and its"
                        + " driver of the same version");
            }
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The page's console lines at {@code level} or worse since the last call. */
    public List<String> console(Level level) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= level.intValue()).map(LogEntry::toString).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a profile left in /tmp is harmless
        }
    }
}
