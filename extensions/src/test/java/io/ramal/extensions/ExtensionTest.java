package io.ramal.extensions;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The extension record's cluster fields: which nodes serve it, and a node's own bind address. */
class ExtensionTest {

    private static final Extension ECHO = new Extension("9000", "127.0.0.1", 40000, Mode.ECHO, Map.of(), null, true,
            "eco");

    @Test
    void anExtensionBuiltWithoutNodesIsServedByEveryNode() {
        assertEquals(List.of(), ECHO.nodes());
        assertTrue(ECHO.servesNode("gw-a"));
        assertTrue(ECHO.servesNode("anything"));
        Extension nullNodes = new Extension("9000", "127.0.0.1", 40000, Mode.ECHO, Map.of(), null, true, "eco",
                ECHO.modeSettings(), null, 0, null);
        assertEquals(List.of(), nullNodes.nodes());
        assertEquals(ECHO, nullNodes);
    }

    @Test
    void anExtensionLimitedToSomeNodesIsServedByThoseOnly() {
        Extension e = ECHO.withNodes(List.of("gw-b", "gw-a", "gw-b"));
        assertEquals(List.of("gw-b", "gw-a"), e.nodes(), "duplicates dropped, order kept");
        assertTrue(e.servesNode("gw-a"));
        assertTrue(e.servesNode("gw-b"));
        assertFalse(e.servesNode("gw-c"));
        assertFalse(e.servesNode("GW-A"), "compared exactly");
        assertEquals(List.of(), e.withNodes(null).nodes());
        assertEquals(ECHO, e.withNodes(List.of()));
    }

    @Test
    void theNodesAreACopyThatCannotChange() {
        List<String> names = new ArrayList<>(List.of("gw-a"));
        Extension e = ECHO.withNodes(names);
        names.add("gw-b");
        assertEquals(List.of("gw-a"), e.nodes());
        assertThrows(UnsupportedOperationException.class, () -> e.nodes().add("gw-c"));
    }

    @Test
    void anInvalidNodeNameIsRefusedNamingTheRamal() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ECHO.withNodes(List.of("gw-a", "gw\nb")));
        assertEquals("nodes entry 'gw\\nb' of ramal 9000 is invalid, allowed: 1-63 of letters, digits and . _ -",
                bad.getMessage());
    }

    @Test
    void everyCopyKeepsTheNodes() {
        Extension e = ECHO.withNodes(List.of("gw-a"));
        assertEquals(List.of("gw-a"), e.withEnabled(false).nodes());
        assertEquals(List.of("gw-a"), e.withAdmission(null, 3).nodes());
        assertEquals(List.of("gw-a"), e.withModeSettings(e.modeSettings()).nodes());
        assertEquals(List.of("gw-a"), e.withBind("127.0.0.2").nodes());
    }

    @Test
    void withBindMovesTheAddressKeepingThePortAndItsCanonicalSpelling() {
        Extension moved = ECHO.withAdmission(null, 5).withBind("127.000.000.002");
        assertEquals("127.0.0.2", moved.bind());
        assertEquals("127.0.0.2:40000", moved.address());
        assertEquals(5, moved.maxCalls());
        assertEquals(ECHO.withAdmission(null, 5), moved.withBind("127.0.0.1"));
        assertTrue(ECHO.needsRebind(moved));
        assertThrows(IllegalArgumentException.class, () -> ECHO.withBind(" "));
    }

    @Test
    void aChangeOfNodesIsAnUpdateNotARebind() {
        Extension limited = ECHO.withNodes(List.of("gw-a"));
        assertNotEquals(ECHO, limited, "a changed row, so the manager updates the listener");
        assertFalse(ECHO.needsRebind(limited));
        assertFalse(limited.needsRebind(limited.withNodes(List.of("gw-b"))));
    }
}
