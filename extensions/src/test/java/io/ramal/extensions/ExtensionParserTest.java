package io.ramal.extensions;

import io.ramal.extensions.testing.TestModes;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtensionParserTest {

    private static final ModeSettingsRegistry MODES = TestModes.REGISTRY;

    private static Map<String, Object> entry(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String refusal(Map<String, Object> e) {
        Object r = ExtensionParser.parse(e, "127.0.0.1", 1, MODES);
        assertInstanceOf(RejectedExtension.class, r, "refused: " + e);
        return ((RejectedExtension) r).reason();
    }

    @Test
    void validEntryBecomesAnExtensionWithDefaults() {
        Extension e = ExtensionParser.parseOrThrow(entry("ramal", 9000, "port", 40000, "mode", "ECHO"), "127.0.0.1", MODES);
        assertEquals("9000", e.ramal());
        assertEquals("127.0.0.1", e.bind());
        assertEquals(Mode.ECHO, e.mode());
        assertTrue(e.enabled());
        assertEquals(TuningOverrides.NONE, e.tuning());
    }

    @Test
    void tuningOverridesAcceptUnits() {
        Extension e = ExtensionParser.parseOrThrow(entry("ramal", "1", "port", "40001", "mode", "echo",
                "tuning", Map.of("receive-buffer", "256KiB", "backlog", 10)), "0.0.0.0", MODES);
        assertEquals(256 * 1024, e.tuning().receiveBuffer());
        assertEquals(10, e.tuning().backlog());
        assertEquals(null, e.tuning().sendBuffer());
    }

    @Test
    void eachKindOfBadEntryIsRefusedWithItsReason() {
        assertTrue(refusal(entry("ramal", "1", "port", 40001, "mode", "fax")).contains("unknown mode 'fax'"));
        assertTrue(refusal(entry("ramal", "1", "port", 70000, "mode", "echo")).contains("port=70000 is out of range, allowed: 1..65535"));
        assertTrue(refusal(entry("ramal", "1", "mode", "echo")).contains("port is missing"));
        assertTrue(refusal(entry("ramal", "1", "port", 1, "mode", "ai", "settings", Map.of())).contains("settings.url=null is invalid for mode ai"));
        assertTrue(refusal(entry("ramal", "1", "port", 1, "mode", "ai", "settings", Map.of("url", "http://x"))).contains("ws:// or wss://"));
        assertTrue(refusal(entry("ramal", "1", "port", 1, "mode", "queue", "settings", Map.of())).contains("settings.queue=null"));
        assertTrue(refusal(entry("ramal", "1", "port", 1, "mode", "agent", "settings", Map.of("queues", List.of()))).contains("settings.queues=[]"));
        assertTrue(refusal(entry("ramal", "1", "port", 1, "mode", "echo", "settings", "oops")).contains("settings must be a section"));
        assertTrue(refusal(entry("ramal", "1", "port", 1, "mode", "echo", "tuning", Map.of("backlog", "lots"))).contains("tuning.backlog=lots is not a whole number"));
        assertTrue(refusal(entry("ramal", "1", "port", 1, "mode", "echo", "tuning", Map.of("nagle", true))).contains("unknown key [tuning.nagle]"));
        assertTrue(refusal(entry("ramal", "1", "port", 1, "mode", "echo", "colour", "red")).contains("unknown key [colour]"));
        assertTrue(refusal(entry("ramal", "bad name!", "port", 1, "mode", "echo")).contains("ramal 'bad name!' is invalid"));
        assertTrue(refusal(entry("port", 1, "mode", "echo")).contains("ramal is missing"));
    }

    @Test
    void refusedEntryWithoutANameIsNamedByPosition() {
        ExtensionSnapshot s = ExtensionParser.parseAll(List.of(entry("port", 1, "mode", "echo")), "127.0.0.1", MODES);
        assertEquals("#1", s.rejected().get(0).ramal());
    }

    @Test
    void duplicatesRefuseTheLaterEntryOnly() {
        ExtensionSnapshot s = ExtensionParser.parseAll(List.of(
                entry("ramal", "1", "port", 40001, "mode", "echo"),
                entry("ramal", "1", "port", 40002, "mode", "echo"),
                entry("ramal", "2", "port", 40001, "mode", "echo"),
                entry("ramal", "3", "port", 40003, "mode", "echo")), "127.0.0.1", MODES);
        assertEquals(List.of("1", "3"), s.extensions().stream().map(Extension::ramal).toList());
        assertEquals("ramal 1 is defined twice", s.rejected().get(0).reason());
        assertEquals("address 127.0.0.1:40001 is already used by ramal 1", s.rejected().get(1).reason());
    }

    @Test
    void entryRoundTripsThroughItsMap() {
        Extension e = ExtensionParser.parseOrThrow(entry("ramal", "7", "port", 40007, "mode", "queue",
                "settings", Map.of("queue", "suporte"), "tuning", Map.of("tcp-nodelay", false), "enabled", false,
                "description", "fila"), "127.0.0.1", MODES);
        assertEquals(e, ExtensionParser.parseOrThrow(new HashMap<>(ExtensionParser.toEntry(e)), "0.0.0.0", MODES));
    }

    @Test
    void nodesAreReadFromAListOrACommaStringAndWrittenBackOnlyWhenSet() {
        Extension listed = ExtensionParser.parseOrThrow(entry("ramal", "7", "port", 40007, "mode", "echo",
                "nodes", List.of("gw-b", "gw-a", "gw-b")), "127.0.0.1", MODES);
        assertEquals(List.of("gw-b", "gw-a"), listed.nodes());
        Extension comma = ExtensionParser.parseOrThrow(entry("ramal", "7", "port", 40007, "mode", "echo",
                "nodes", "gw-b, gw-a"), "127.0.0.1", MODES);
        assertEquals(listed, comma);
        Map<String, Object> written = ExtensionParser.toEntry(listed);
        assertEquals(List.of("gw-b", "gw-a"), written.get("nodes"));
        assertEquals(listed, ExtensionParser.parseOrThrow(new HashMap<>(written), "127.0.0.1", MODES));

        Extension everywhere = ExtensionParser.parseOrThrow(entry("ramal", "8", "port", 40008, "mode", "echo",
                "nodes", ""), "127.0.0.1", MODES);
        assertEquals(List.of(), everywhere.nodes());
        assertFalse(ExtensionParser.toEntry(everywhere).containsKey("nodes"), "every node: no key, as before");
        assertEquals(List.of(), ExtensionParser.parseOrThrow(entry("ramal", "8", "port", 40008, "mode", "echo"),
                "127.0.0.1", MODES).nodes());
    }

    @Test
    void aBadNodesValueRefusesThatEntryAloneWithItsReason() {
        ExtensionSnapshot s = ExtensionParser.parseAll(List.of(
                entry("ramal", "1", "port", 40001, "mode", "echo", "nodes", List.of("gw-a", "gw a")),
                entry("ramal", "2", "port", 40002, "mode", "echo", "nodes", Map.of("gw-a", true), "enabled", false),
                entry("ramal", "3", "port", 40003, "mode", "echo", "nodes", List.of("gw-a"))), "127.0.0.1", MODES);
        assertEquals(List.of("3"), s.extensions().stream().map(Extension::ramal).toList());
        assertEquals(new RejectedExtension("1",
                "nodes entry 'gw a' is invalid, allowed: 1-63 of letters, digits and . _ -", true), s.rejected().get(0));
        assertEquals("2", s.rejected().get(1).ramal());
        assertFalse(s.rejected().get(1).enabled(), "a parked bad entry stays parked");
        assertTrue(s.rejected().get(1).reason().startsWith("nodes={gw-a=true} is invalid, allowed: a list of node names"),
                s.rejected().get(1).reason());
        assertTrue(refusal(entry("ramal", "4", "port", 4, "mode", "echo", "nodes", "gw-a,gw\nWARN x"))
                .startsWith("nodes entry 'gw\\nWARN x' is invalid"));
    }

    @Test
    void missingModeNamesTheModesAllowed() {
        assertEquals("mode is missing, allowed: echo, ai, queue, agent", refusal(entry("ramal", "1", "port", 1)));
    }

    @Test
    void refusedEntryKeepsItsEnabledFlagSoAParkedBadRowIsNotAnOutage() {
        Object r = ExtensionParser.parse(entry("ramal", "1", "port", 1, "mode", "fax", "enabled", false), "127.0.0.1", 1, MODES);
        assertEquals(new RejectedExtension("1", "unknown mode 'fax', expected one of echo, ai, queue, agent", false), r);
        Object r2 = ExtensionParser.parse(entry("ramal", "1", "port", 1, "mode", "fax", "enabled", "maybe"), "127.0.0.1", 1, MODES);
        assertTrue(((RejectedExtension) r2).enabled(), "unreadable enabled counts as enabled");
    }

    @Test
    void disabledEntryMayShareAnAddressButTwoEnabledOnesMayNot() {
        ExtensionSnapshot s = ExtensionParser.parseAll(List.of(
                entry("ramal", "1", "port", 40001, "mode", "echo", "enabled", false),
                entry("ramal", "2", "port", 40001, "mode", "echo"),
                entry("ramal", "3", "port", 40001, "mode", "echo")), "127.0.0.1", MODES);
        assertEquals(List.of("1", "2"), s.extensions().stream().map(Extension::ramal).toList());
        assertEquals(List.of(new RejectedExtension("3", "address 127.0.0.1:40001 is already used by ramal 2")),
                s.rejected());
    }

    @Test
    void listenerDefaultsSectionIsParsedByTheSameTuningParser() {
        TuningOverrides t = ExtensionParser.parseTuning("listener", Map.of("receive-buffer", "1MiB", "tcp-nodelay", "no",
                "write-buffer-low", "16KiB", "write-buffer-high", "32KiB"));
        assertEquals(new TuningOverrides(null, null, 1 << 20, null, false, 16 * 1024, 32 * 1024), t);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ExtensionParser.parseTuning("listener", Map.of("write-buffer-low", "64KiB", "write-buffer-high", "1KiB")));
        assertTrue(e.getMessage().contains("write-buffer-high=1024 is invalid, allowed: >= write-buffer-low (65536)"),
                e.getMessage());
    }

    @Test
    void twoSpellingsOfOneAddressAreOneAddress() {
        ExtensionSnapshot s = ExtensionParser.parseAll(List.of(
                entry("ramal", "1", "port", 40001, "mode", "echo", "bind", "127.0.0.1"),
                entry("ramal", "2", "port", 40001, "mode", "echo", "bind", "127.000.000.001"),
                entry("ramal", "3", "port", 40002, "mode", "echo", "bind", "::1"),
                entry("ramal", "4", "port", 40002, "mode", "echo", "bind", "0:0:0:0:0:0:0:1")), "127.0.0.1", MODES);
        assertEquals(List.of("1", "3"), s.extensions().stream().map(Extension::ramal).toList());
        assertEquals(List.of(new RejectedExtension("2", "address 127.0.0.1:40001 is already used by ramal 1"),
                new RejectedExtension("4", "address [::1]:40002 is already used by ramal 3")), s.rejected());
    }

    @Test
    void nameWithALineBreakIsRefusedAndShownEscaped() {
        Object r = ExtensionParser.parse(entry("ramal", "9\n2026-01-01 WARN forged", "port", 1, "mode", "echo"),
                "127.0.0.1", 1, MODES);
        RejectedExtension rej = assertInstanceOf(RejectedExtension.class, r);
        assertEquals("9\\n2026-01-01 WARN forged", rej.ramal());
        assertTrue(rej.reason().startsWith("ramal '9\\n2026-01-01 WARN forged' is invalid"), rej.reason());
        assertTrue(!rej.reason().contains("\n"), rej.reason());
    }

    @Test
    void oversizedFieldsAreRefusedWithTheirSize() {
        String tenMb = "x".repeat(10 * 1024 * 1024);
        String why = refusal(entry("ramal", "1", "port", 1, "mode", "echo", "description", tenMb));
        assertEquals("description is 10485760 characters long, allowed: at most 1024", why);
        assertInstanceOf(Extension.class, ExtensionParser.parse(entry("ramal", "1", "port", 1, "mode", "echo",
                "description", "x".repeat(1024)), "127.0.0.1", 1, MODES));
        String big = refusal(entry("ramal", "1", "port", 1, "mode", "echo", "settings", Map.of("blob", "y".repeat(70_000))));
        assertTrue(big.startsWith("settings are 70011 bytes as JSON, allowed: at most 65536"), big);
    }
}
