package io.ramal.extensions;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BindAddressTest {

    @Test
    void ipv4LeadingZerosAreTheSameAddress() {
        assertEquals("127.0.0.1", BindAddress.canonical("127.000.000.001"));
        assertEquals("10.0.0.8", BindAddress.canonical("010.0.0.08"));
        assertEquals("0.0.0.0", BindAddress.canonical("0.0.0.0"));
    }

    @Test
    void ipv6TakesItsShortForm() {
        assertEquals("::1", BindAddress.canonical("0:0:0:0:0:0:0:1"));
        assertEquals("::1", BindAddress.canonical("::1"));
        assertEquals("::", BindAddress.canonical("0:0:0:0:0:0:0:0"));
        assertEquals("2001:db8::1:0:0:1", BindAddress.canonical("2001:DB8:0:0:1:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", BindAddress.canonical("2001:db8:0:1:1:1:1:1"));
        assertEquals("fe80::1%eth0", BindAddress.canonical("fe80:0::1%eth0"));
        assertEquals("10.0.0.1", BindAddress.canonical("::ffff:10.0.0.1"));
    }

    @Test
    void hostNamesAreLowerCased() {
        assertEquals("localhost", BindAddress.canonical("LocalHost"));
    }

    @Test
    void ambiguousOrForgedAddressesAreRefused() {
        for (String bad : new String[] {"127.1", "2130706433", "300.1.1.1", "1.2.3.4.5", "1..2.3", "::g", "a b"}) {
            assertThrows(IllegalArgumentException.class, () -> BindAddress.canonical(bad), bad);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BindAddress.canonical("127.0.0.1\nforged"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("bind=127.0.0.1\\nforged is invalid"), e.getMessage());
    }
}
