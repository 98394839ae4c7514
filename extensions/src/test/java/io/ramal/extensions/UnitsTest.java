package io.ramal.extensions;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnitsTest {

    @Test
    void durationsTakeTheirUnit() {
        assertEquals(Duration.ofMillis(250), Units.duration("k", "250ms"));
        assertEquals(Duration.ofSeconds(5), Units.duration("k", " 5s "));
        assertEquals(Duration.ofMinutes(30), Units.duration("k", "30m"));
        assertEquals(Duration.ofHours(1), Units.duration("k", "1H"));
        assertEquals(Duration.ofDays(2), Units.duration("k", "2d"));
        assertEquals(Duration.ZERO, Units.duration("k", 0));
    }

    @Test
    void durationWithoutUnitIsRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.duration("call.idle-timeout", "10"));
        assertTrue(e.getMessage().startsWith("call.idle-timeout=10 is not a duration"), e.getMessage());
    }

    @Test
    void sizesTakeBinaryUnits() {
        assertEquals(65536, Units.bytes("k", 65536));
        assertEquals(65536, Units.bytes("k", "64KiB"));
        assertEquals(1 << 20, Units.bytes("k", "1MiB"));
        assertEquals(1 << 20, Units.bytes("k", "1m"));
        assertEquals(1 << 30, Units.bytes("k", "1GiB"));
        assertThrows(IllegalArgumentException.class, () -> Units.bytes("k", "4GiB"));
        assertThrows(IllegalArgumentException.class, () -> Units.bytes("k", "-1"));
        assertThrows(IllegalArgumentException.class, () -> Units.bytes("k", "1.5MiB"));
    }

    @Test
    void formatWritesWhatDurationReads() {
        for (String s : new String[] {"250ms", "5s", "30m", "1h", "2d", "0"}) {
            assertEquals(s, Units.format(Units.duration("k", s)));
        }
    }
}
