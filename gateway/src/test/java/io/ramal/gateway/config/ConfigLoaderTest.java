package io.ramal.gateway.config;

import io.ramal.gateway.call.CallSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        Path f = dir.resolve("ramal.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void shippedReferenceFileEqualsTheBuiltInDefaults() {
        Path shipped = Path.of("..", "config", "ramal.yaml");
        RamalConfig fromFile = ConfigLoader.load(shipped, Map.of(), List.of());
        RamalConfig defaults = RamalConfig.DEFAULTS;
        assertEquals(defaults.gateway(), fromFile.gateway());
        assertEquals(defaults.call(), fromFile.call());
        assertEquals(defaults.listener(), fromFile.listener());
        assertEquals(defaults.status(), fromFile.status());
        assertEquals(defaults.http(), fromFile.http());
        assertEquals(defaults.extensions(), fromFile.extensions());
        assertEquals(defaults.db(), fromFile.db());
        assertEquals(defaults.node(), fromFile.node());
    }

    @Test
    void environmentOverridesTheFileAndFlagsOverrideBoth() throws Exception {
        Path f = file("status:\n  interval: 1h\ncall:\n  idle-timeout: 30s\n");
        RamalConfig c = ConfigLoader.load(f, Map.of("RAMAL_STATUS_INTERVAL", "1s", "RAMAL_CALL_IDLE_TIMEOUT", "20s"),
                List.of("call.idle-timeout=5s"));
        assertEquals(Duration.ofSeconds(1), c.status().interval());
        assertEquals(Duration.ofSeconds(5), c.call().idleTimeout());
    }

    @Test
    void environmentKeysMapDashesToUnderscores() {
        RamalConfig c = ConfigLoader.load(null, Map.of("RAMAL_HOME", dir.toString(),
                "RAMAL_LISTENER_RECEIVE_BUFFER", "256KiB", "RAMAL_DB_POOL_SIZE", "9"), List.of());
        assertEquals(256 * 1024, c.listener().receiveBuffer());
        assertEquals(9, c.db().poolSize());
        assertEquals(dir.toAbsolutePath(), c.home());
    }

    @Test
    void gatewayAllowDefaultsToPrivateRangesAndTakesAListFromTheEnvironment() {
        RamalConfig d = ConfigLoader.load(null, Map.of("RAMAL_HOME", dir.toString()), List.of());
        assertEquals(io.ramal.extensions.SourceAllowlist.PRIVATE, d.gateway().allow().entries());
        assertEquals(0, d.gateway().maxCalls());
        RamalConfig c = ConfigLoader.load(null, Map.of("RAMAL_HOME", dir.toString(),
                "RAMAL_GATEWAY_ALLOW", "192.0.2.0/24, 2001:db8::/32", "RAMAL_GATEWAY_MAX_CALLS", "500"), List.of());
        assertEquals(List.of("192.0.2.0/24", "2001:db8::/32"), c.gateway().allow().entries());
        assertEquals(500, c.gateway().maxCalls());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(null,
                Map.of("RAMAL_HOME", dir.toString(), "RAMAL_GATEWAY_ALLOW", "10.0.0.0/8,lan"), List.of()));
        assertTrue(e.getMessage().contains("gateway.allow entry 'lan' is invalid"), e.getMessage());
    }

    @Test
    void unknownKeyStopsStartUpNamingIt() throws Exception {
        Path f = file("call:\n  idle-timout: 5s\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(f, Map.of(), List.of()));
        assertTrue(e.getMessage().contains("call.idle-timout"), e.getMessage());
        assertTrue(e.getMessage().contains("call.idle-timeout"), "lists the known keys: " + e.getMessage());
    }

    @Test
    void unknownSectionInTheEnvironmentIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(null, Map.of("RAMAL_HOME", dir.toString(), "RAMAL_STAUS_INTERVAL", "1s"), List.of()));
        assertTrue(e.getMessage().contains("RAMAL_STAUS_INTERVAL"), e.getMessage());
    }

    @Test
    void loggingVariablesAreLeftToLogback() {
        // config/logback.xml reads these; the gateway once refused to start when one was set.
        RamalConfig c = ConfigLoader.load(null, Map.of("RAMAL_HOME", dir.toString(), "RAMAL_LOG_RETENTION_DAYS", "7",
                "RAMAL_LOG_MAX_FILE_SIZE", "10MB", "RAMAL_LOG_TOTAL_SIZE_CAP", "1GB"), List.of());
        assertEquals(RamalConfig.DEFAULTS.status(), c.status());
    }

    @Test
    void nonLoopbackAdminBindWithoutATokenRefusesToStartNamingTheSetting() {
        Map<String, String> home = Map.of("RAMAL_HOME", dir.toString());
        for (String bind : List.of("0.0.0.0", "::", "10.1.2.3", "admin.example")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ConfigLoader.load(null, home, List.of("http.bind=" + bind)), bind);
            assertTrue(e.getMessage().contains("http.token") && e.getMessage().contains("RAMAL_HTTP_TOKEN"),
                    e.getMessage());
        }
        // With a token (here from the environment) it starts, and no dump of the settings shows it.
        RamalConfig c = ConfigLoader.load(null, Map.of("RAMAL_HOME", dir.toString(), "RAMAL_HTTP_TOKEN", "s3cret",
                "RAMAL_HTTP_BIND", "0.0.0.0"), List.of());
        assertEquals("s3cret", c.http().token());
        assertFalse(c.http().toString().contains("s3cret"), c.http().toString());
        assertFalse(c.toString().contains("s3cret"), "the config dump masks the token");
        // Loopback, or a disabled admin server, needs none.
        for (String bind : List.of("127.0.0.1", "127.0.0.2", "::1", "localhost")) {
            assertEquals(bind, ConfigLoader.load(null, home, List.of("http.bind=" + bind)).http().bind());
        }
        ConfigLoader.load(null, home, List.of("http.bind=0.0.0.0", "http.enabled=false"));
    }

    @Test
    void launcherAndTestVariablesAreNotKeys() {
        ConfigLoader.load(null, Map.of("RAMAL_HOME", dir.toString(), "RAMAL_JAVA_OPTS", "-Xmx1g",
                "RAMAL_TEST_DB_URL", "jdbc:postgresql://x/y"), List.of());
    }

    @Test
    void invalidValuesNameTheKeyTheValueAndWhatIsAllowed() throws Exception {
        assertMessage("status:\n  interval: 500ms\n", "status.interval=500ms is out of range, allowed: 1s..7d");
        assertMessage("call:\n  idle-timeout: soon\n", "call.idle-timeout=soon is not a duration");
        assertMessage("listener:\n  backlog: 0\n", "listener.backlog=0 is out of range, allowed: 1..65535");
        assertMessage("listener:\n  receive-buffer: lots\n", "listener.receive-buffer=lots is not a size");
        assertMessage("gateway:\n  transport: kqueue\n", "gateway.transport=kqueue is invalid, allowed: auto, epoll, nio");
        assertMessage("http:\n  enabled: maybe\n", "http.enabled=maybe is invalid, allowed: true or false");
        assertMessage("listener:\n  write-buffer-low: 64KiB\n  write-buffer-high: 32KiB\n", "write-buffer-high=32768");
        assertMessage("- a\n- b\n", "must be a map of sections");
        assertMessage("db:\n  url: mysql://x\n", "db.url=mysql://x is invalid");
        assertMessage("extensions:\n  retry-min: 5s\n  retry-max: 1s\n", "extensions.retry-max=1s is invalid");
    }

    @Test
    void callLimitsAndTheSendBufferHaveBoundedDefaults() {
        RamalConfig c = ConfigLoader.load(null, Map.of("RAMAL_HOME", dir.toString()), List.of());
        assertEquals(Duration.ZERO, c.call().maxDuration(), "max-duration is off by default");
        assertEquals(Duration.ofSeconds(5), c.call().writeStallTimeout());
        assertEquals(64 * 1024, c.listener().sendBuffer(), "never the OS default, which grows to MiBs");
        RamalConfig set = ConfigLoader.load(null, Map.of("RAMAL_HOME", dir.toString()),
                List.of("call.max-duration=2h", "call.write-stall-timeout=0s", "listener.send-buffer=0"));
        assertEquals(Duration.ofHours(2), set.call().maxDuration());
        assertEquals(Duration.ZERO, set.call().writeStallTimeout());
        assertEquals(0, set.listener().sendBuffer());
    }

    @Test
    void callLimitsAreValidated() throws Exception {
        assertMessage("call:\n  max-duration: 8d\n", "call.max-duration=8d is out of range");
        assertMessage("call:\n  write-stall-timeout: soon\n", "call.write-stall-timeout=soon is not a duration");
        CallSettings d = CallSettings.DEFAULTS;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new CallSettings(d.handshakeTimeout(), d.idleTimeout(), d.silenceWhenIdle(),
                        d.playoutStartFrames(), d.playoutPrime(), d.playoutCapacity(), d.livePlayoutCapacity(),
                        d.hangupGrace(), Duration.ofSeconds(-1), d.writeStallTimeout(), d.maxFormatChangesPerSecond()));
        assertTrue(e.getMessage().contains("call.max-duration=PT-1S is invalid"), e.getMessage());
    }

    @Test
    void badFlagSaysTheExpectedForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(null, Map.of("RAMAL_HOME", dir.toString()), List.of("interval=1s")));
        assertTrue(e.getMessage().contains("expected section.key=value"), e.getMessage());
    }

    @Test
    void missingNamedFileIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of(), List.of()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void relativePathsResolveAgainstHome() {
        RamalConfig c = ConfigLoader.load(null, Map.of("RAMAL_HOME", dir.toString()), List.of());
        assertEquals(dir.resolve("config/extensions.yaml").toAbsolutePath(), c.resolve("config/extensions.yaml"));
        assertEquals(Path.of("/etc/x.yaml"), c.resolve("/etc/x.yaml"));
    }

    private void assertMessage(String yaml, String expected) throws Exception {
        Path f = file(yaml);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(f, Map.of(), List.of()));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
