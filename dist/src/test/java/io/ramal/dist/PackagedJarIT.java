package io.ramal.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The executable jar as a newcomer runs it: {@code ramal serve} on a configuration, then
 * {@code ramal call} against its echo line, both as separate processes; and what it carries:
 * the product's commands, and none of the JMH benchmarks' machinery (those live in bench/jmh).
 */
class PackagedJarIT {

    private static final Path JAR = RamalJar.JAR;

    /** The commands users are told about: the gateway's own and those bench contributes. */
    private static final List<String> COMMANDS =
            List.of("serve", "call", "extensions", "db", "ai-demo", "loadtest", "baseline-echo");

    @TempDir
    Path home;

    private static int freePort() throws IOException {
        return io.ramal.extensions.testing.FreePorts.next();
    }

    private Process java(Path log, String... args) throws IOException {
        return new RamalJar(home, Map.of()).start(log, args);
    }

    @Test
    void carriesNoJmh() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "the shaded jar exists after package: " + JAR.toAbsolutePath());
        System.out.printf("ramal.jar: %,d bytes%n", Files.size(JAR));
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            assertFalse(zip.stream().anyMatch(e -> e.getName().startsWith("org/openjdk/jmh/")),
                    "no JMH class in the product jar");
            assertNotNull(zip.getEntry("io/ramal/gateway/cli/Main.class"), "the gateway's main is in the jar");
        }
    }

    @Test
    void helpListsTheProductCommands() throws Exception {
        Path log = home.resolve("help.log");
        Process help = java(log, "--help");
        assertTrue(help.waitFor(30, TimeUnit.SECONDS), "ramal --help finished");
        String out = Files.readString(log);
        assertEquals(0, help.exitValue(), out);
        for (String command : COMMANDS) {
            assertTrue(Pattern.compile("(?m)^\\s+" + Pattern.quote(command) + "\\s").matcher(out).find(),
                    "--help lists " + command + ":\n" + out);
        }
    }

    @Test
    void serveThenCallTheEchoLine() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the shaded jar exists after package: " + JAR.toAbsolutePath());
        int port = freePort();
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/extensions.yaml"),
                "extensions:\n  - {ramal: '9000', bind: 127.0.0.1, port: " + port + ", mode: echo}\n");
        Path serveLog = home.resolve("serve.log");
        Process serve = java(serveLog, "serve", "-D", "http.port=0");
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!accepts(port)) {
                if (!serve.isAlive() || System.nanoTime() > deadline) {
                    fail("the gateway did not start listening: " + Files.readString(serveLog));
                }
                Thread.sleep(50);
            }
            assertTrue(Files.readString(serveLog).contains("ramal starting version=0.1.0-SNAPSHOT"),
                    "the version from the manifest is logged at start");

            Path callLog = home.resolve("call.log");
            Process call = java(callLog, "call", "127.0.0.1:" + port, "--seconds", "2", "--expect-echo",
                    "--record", "echo.wav");
            assertTrue(call.waitFor(30, TimeUnit.SECONDS), "ramal call finished");
            String out = Files.readString(callLog);
            assertEquals(0, call.exitValue(), out);
            assertTrue(out.contains("sent 100 frames (100 audio, 0 silence)") && out.contains("echoed 100/100"), out);
            // A demo recording lands under var/ (git-ignored in a checkout), not among the sources.
            Path recording = home.resolve("var/recordings/echo.wav");
            assertTrue(out.contains(" frames to " + recording + "\n"), out);
            assertTrue(Files.isRegularFile(recording), out);

            Process bad = java(home.resolve("bad.log"), "call", "127.0.0.1:1");
            assertTrue(bad.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, bad.exitValue());
            assertTrue(Files.readString(home.resolve("bad.log")).contains("ramal: cannot connect to 127.0.0.1:1"));
        } finally {
            serve.destroy(); // SIGTERM: the shutdown hook stops the gateway gracefully
            assertTrue(serve.waitFor(20, TimeUnit.SECONDS), "stopped on SIGTERM");
        }
        assertTrue(Files.readString(serveLog).contains("ramal stopped"), Files.readString(serveLog));
    }

    @Test
    void aLogbackXmlInTheHomesConfigWinsOverTheJarsCopy() throws Exception {
        // A file appender creates its file at start: the file proves which configuration ran.
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/logback.xml"), """
                <configuration>
                  <appender name="F" class="ch.qos.logback.core.FileAppender">
                    <file>${RAMAL_HOME}/from-home.log</file>
                    <encoder><pattern>%msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="F"/></root>
                </configuration>
                """);
        Process call = java(home.resolve("call.log"), "call", "127.0.0.1:1");
        assertTrue(call.waitFor(30, TimeUnit.SECONDS), "ramal call finished");
        assertTrue(Files.exists(home.resolve("from-home.log")), "the home's config/logback.xml was used");
        assertFalse(Files.exists(home.resolve("logs/ramal.log")), "the jar's copy was not used");
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
