package io.ramal.gateway.listener;

import io.ramal.extensions.Mode;
import io.ramal.gateway.testing.LogCapture;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EphemeralPortsTest {

    @Test
    void parsesTheKernelsRangeAndReservedList() {
        assertEquals(new EphemeralPorts.Range(32768, 60999), EphemeralPorts.parseRange("32768\t60999\n"));
        assertNull(EphemeralPorts.parseRange(""));
        assertNull(EphemeralPorts.parseRange("60999 32768"));
        assertNull(EphemeralPorts.parseRange("x y"));
        assertEquals(List.of(new EphemeralPorts.Range(40000, 40999), new EphemeralPorts.Range(50000, 50000)),
                EphemeralPorts.parseList("40000-40999,50000\n"));
        assertEquals(List.of(), EphemeralPorts.parseList("\n"));
    }

    @Test
    void anExtensionPortInTheDefaultRangeIsWarnedOnceNamingPortRangeAndFix() {
        EphemeralPorts p = new EphemeralPorts(EphemeralPorts.parseRange("32768 60999"), List.of());
        try (LogCapture log = new LogCapture("io.ramal")) {
            assertTrue(p.warnIfEphemeral(TestGateway.extension("2001", 40001, Mode.ECHO)));
            assertFalse(p.warnIfEphemeral(TestGateway.extension("2001", 40001, Mode.ECHO)), "once per extension");
            assertTrue(p.warnIfEphemeral(TestGateway.extension("2002", 40002, Mode.ECHO)), "each extension");
            assertFalse(p.warnIfEphemeral(TestGateway.extension("2003", 9000, Mode.ECHO)), "outside the range");
            assertFalse(p.warnIfEphemeral(TestGateway.extension("2004", 61000, Mode.ECHO)), "outside the range");
            assertEquals(2, log.messages().size(), log.messages().toString());
            assertTrue(log.has("ramal=2001", "port=40001", "ephemeral-range=32768-60999",
                    "net.ipv4.ip_local_reserved_ports"), log.messages().toString());
        }
    }

    @Test
    void aReservedPortIsNotWarned() {
        EphemeralPorts p = new EphemeralPorts(new EphemeralPorts.Range(32768, 60999),
                EphemeralPorts.parseList("40000-40999"));
        assertFalse(p.warnIfEphemeral(TestGateway.extension("2001", 40001, Mode.ECHO)));
        assertTrue(p.warnIfEphemeral(TestGateway.extension("2005", 41000, Mode.ECHO)));
    }

    @Test
    void missingProcFilesMeanNoWarning(@TempDir Path dir) throws Exception {
        EphemeralPorts none = EphemeralPorts.read(dir.resolve("absent"), dir.resolve("absent-too"));
        assertFalse(none.warnIfEphemeral(TestGateway.extension("2001", 40001, Mode.ECHO)));
        Path range = Files.writeString(dir.resolve("range"), "1024\t65535\n");
        EphemeralPorts all = EphemeralPorts.read(range, dir.resolve("absent"));
        assertTrue(all.warnIfEphemeral(TestGateway.extension("2001", 9000, Mode.ECHO)), "a narrowed kernel range is read");
    }
}
