package io.ramal.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetTest {

    @Test
    void onePortIsARangeOfOne() {
        Target t = Target.parse("127.0.0.1:40000");
        assertEquals("127.0.0.1", t.host());
        assertEquals(1, t.portCount());
        assertEquals(40000, t.portOf(0));
        assertEquals(40000, t.portOf(7));
        assertEquals("127.0.0.1:40000", t.toString());
    }

    @Test
    void callsAreSpreadOverARangeRoundRobin() {
        Target t = Target.parse("localhost:40000-40002");
        assertEquals(3, t.portCount());
        assertEquals(40000, t.portOf(0));
        assertEquals(40001, t.portOf(1));
        assertEquals(40002, t.portOf(2));
        assertEquals(40000, t.portOf(3));
        assertEquals("localhost:40000-40002", t.toString());
    }

    @Test
    void ipv6HostsComeInBrackets() {
        Target t = Target.parse("[::1]:5000");
        assertEquals("::1", t.host());
        assertEquals(5000, t.firstPort());
    }

    @Test
    void badTargetsSayWhatWasExpected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Target.parse("127.0.0.1"))
                .getMessage().contains("HOST:PORT[-PORT]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Target.parse("127.0.0.1:40010-40000"))
                .getMessage().contains("backwards"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Target.parse("127.0.0.1:70000"))
                .getMessage().contains("1..65535"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Target.parse("127.0.0.1:http"))
                .getMessage().contains("no valid port"));
        assertThrows(IllegalArgumentException.class, () -> Target.parse(":40000"));
    }
}
