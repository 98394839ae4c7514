package io.ramal.gateway.cluster;

import io.ramal.gateway.config.ConfigLoader;
import io.ramal.gateway.config.RamalConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code node:} section: defaults, what is refused and why, and a secret that never shows. */
class NodeSettingsTest {

    private static final String SECRET = "correct-horse-battery-staple";

    private static String refused(Map<String, ?> values) {
        return assertThrows(IllegalArgumentException.class, () -> NodeSettings.from(values)).getMessage();
    }

    @Test
    void defaultsAreASingleNodeNamedAfterTheHost() {
        NodeSettings n = NodeSettings.from(Map.of());
        assertFalse(n.clustered());
        assertTrue(NodeSettings.NAME.matcher(n.name()).matches(), n.name());
        assertEquals(NodeSettings.defaultName(), n.name());
        assertEquals("", n.bind());
        assertEquals(Duration.ofSeconds(5), n.lease());
        assertEquals(Duration.ofSeconds(1), n.heartbeat());
        assertEquals(9601, n.relayPort());
        assertEquals(Duration.ofSeconds(2), n.settle());
        assertFalse(n.advertiseHost().isEmpty());
    }

    @Test
    void everyKeyIsRead() {
        NodeSettings n = NodeSettings.from(Map.of("name", "gw-2.sp", "bind", "127.0.0.2", "secret", SECRET,
                "lease", "3s", "heartbeat", "500ms", "relay-port", "0", "settle", "0"));
        assertEquals("gw-2.sp", n.name());
        assertTrue(n.clustered());
        assertEquals("127.0.0.2", n.bind());
        assertEquals("127.0.0.2", n.advertiseHost(), "advertise defaults to the bind address");
        assertEquals(Duration.ofMillis(500), n.heartbeat());
        assertEquals(0, n.relayPort());
        assertEquals(Duration.ZERO, n.settle());
        assertEquals("gw.example.net", NodeSettings.from(Map.of("bind", "127.0.0.2", "advertise", "GW.example.net"))
                .advertiseHost());
    }

    @Test
    void badValuesNameTheKeyAndWhatIsAllowed() {
        assertTrue(refused(Map.of("name", "no spaces")).startsWith("node.name=no spaces is invalid"));
        assertTrue(refused(Map.of("name", "x".repeat(64))).contains("1 to 63"));
        assertTrue(refused(Map.of("lease", "1s")).contains("node.lease=1s is out of range"));
        assertTrue(refused(Map.of("lease", "4s", "heartbeat", "2s")).contains("less than half of node.lease (4s)"));
        assertTrue(refused(Map.of("relay-port", "70000")).contains("node.relay-port=70000 is out of range"));
        assertTrue(refused(Map.of("bind", "not an address")).startsWith("node.bind=not an address is invalid"));
        assertTrue(refused(Map.of("secrets", SECRET)).contains("unknown key [node.secrets]"));
    }

    @Test
    void theSecretIsNeverShown() {
        String tooShort = "short-secret";
        String m = refused(Map.of("secret", tooShort));
        assertTrue(m.contains("node.secret is too short (12 characters)") && m.contains("at least 16"), m);
        assertFalse(m.contains(tooShort), m);

        NodeSettings n = NodeSettings.from(Map.of("name", "a", "secret", SECRET));
        assertEquals(SECRET, n.secret());
        assertFalse(n.toString().contains(SECRET), n.toString());
        assertTrue(n.toString().contains("secret=****"), n.toString());
        assertTrue(NodeSettings.from(Map.of("name", "a")).toString().contains("secret=,"));
    }

    @Test
    void theSecretComesFromTheEnvironmentAndNeedsTheDatabase() {
        Map<String, String> env = Map.of("RAMAL_HOME", "/nonexistent", "RAMAL_NODE_SECRET", SECRET,
                "RAMAL_NODE_NAME", "gw1", "RAMAL_DB_URL", "jdbc:postgresql://127.0.0.1:5432/ramal");
        RamalConfig c = ConfigLoader.load(null, env, List.of("node.relay-port=9700"));
        assertTrue(c.node().clustered());
        assertEquals("gw1", c.node().name());
        assertEquals(9700, c.node().relayPort());

        String m = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(null,
                Map.of("RAMAL_HOME", "/nonexistent", "RAMAL_NODE_SECRET", SECRET), List.of())).getMessage();
        assertTrue(m.contains("node.secret is set but db.url is empty"), m);
        assertFalse(m.contains(SECRET), m);
        assertFalse(RamalConfig.DEFAULTS.node().clustered());
    }
}
