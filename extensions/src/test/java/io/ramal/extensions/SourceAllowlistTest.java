package io.ramal.extensions;

import io.ramal.extensions.testing.TestModes;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceAllowlistTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    /** An IPv4-mapped IPv6 address as a dual-stack socket may report it (Java folds the literal to IPv4). */
    private static InetAddress mapped(int a, int b, int c, int d) throws UnknownHostException {
        byte[] x = new byte[16];
        x[10] = (byte) 0xff;
        x[11] = (byte) 0xff;
        x[12] = (byte) a;
        x[13] = (byte) b;
        x[14] = (byte) c;
        x[15] = (byte) d;
        return java.net.Inet6Address.getByAddress(null, x, -1);
    }

    @Test
    void ipv4BlocksAndSingleAddresses() throws Exception {
        SourceAllowlist a = SourceAllowlist.parse("allow", List.of("10.0.0.0/8", "192.0.2.7", "172.16.0.0/12"));
        assertTrue(a.allows(ip("10.255.1.2")));
        assertTrue(a.allows(ip("192.0.2.7")));
        assertFalse(a.allows(ip("192.0.2.8")));
        assertTrue(a.allows(ip("172.31.255.255")));
        assertFalse(a.allows(ip("172.32.0.0")));
        assertFalse(a.allows(ip("11.0.0.1")));
        assertFalse(a.allows(ip("::1")));
    }

    @Test
    void slash32AndSlash0() throws Exception {
        SourceAllowlist one = SourceAllowlist.parse("allow", List.of("127.0.0.1/32"));
        assertTrue(one.allows(ip("127.0.0.1")));
        assertFalse(one.allows(ip("127.0.0.2")));
        SourceAllowlist anyV4 = SourceAllowlist.parse("allow", "0.0.0.0/0");
        assertTrue(anyV4.allows(ip("203.0.113.9")));
        assertTrue(anyV4.allows(mapped(203, 0, 113, 9)));
        assertFalse(anyV4.allows(ip("2001:db8::1")), "an IPv4 /0 is every IPv4 address, not IPv6");
        SourceAllowlist any = SourceAllowlist.parse("allow", List.of("::/0"));
        assertTrue(any.allows(ip("2001:db8::1")));
        assertTrue(any.allows(ip("203.0.113.9")));
    }

    @Test
    void ipv6Blocks() throws Exception {
        SourceAllowlist a = SourceAllowlist.parse("allow", List.of("fc00::/7", "::1/128", "2001:db8:1::/48"));
        assertTrue(a.allows(ip("fd12:3456::1")));
        assertTrue(a.allows(ip("::1")));
        assertFalse(a.allows(ip("::2")));
        assertTrue(a.allows(ip("2001:db8:1:ffff::9")));
        assertFalse(a.allows(ip("2001:db8:2::9")));
        assertFalse(a.allows(ip("10.0.0.1")));
    }

    @Test
    void ipv4MappedPeersMatchIpv4BlocksAndMappedBlocksMatchIpv4Peers() throws Exception {
        SourceAllowlist v4 = SourceAllowlist.parse("allow", List.of("10.0.0.0/8"));
        assertTrue(v4.allows(mapped(10, 1, 2, 3)));
        assertFalse(v4.allows(mapped(11, 1, 2, 3)));
        SourceAllowlist m = SourceAllowlist.parse("allow", List.of("::ffff:192.168.0.0/112"));
        assertTrue(m.allows(ip("192.168.4.5")));
        assertFalse(m.allows(ip("192.169.0.1")));
    }

    @Test
    void badInputIsRefusedNamingKeyAndValue() {
        for (String bad : List.of("10.0.0.0/33", "example.com", "10.0.0.1/8", "1.2.3", "::1/129", "10.0.0.0/x",
                "", "::ffff:10.0.0.0/64", "999.1.1.1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SourceAllowlist.parse("gateway.allow", List.of("127.0.0.1", bad)), bad);
            assertTrue(e.getMessage().startsWith("gateway.allow entry '" + bad + "' is invalid"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SourceAllowlist.parse("allow", Map.of("a", 1)));
        assertTrue(e.getMessage().startsWith("allow="), e.getMessage());
    }

    @Test
    void anExtensionCarriesAllowAndMaxCallsThroughParseAndToEntry() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("ramal", "9000");
        entry.put("port", 9000);
        entry.put("mode", "echo");
        entry.put("allow", List.of("127.0.0.1", "10.0.0.0/8"));
        entry.put("max-calls", 2);
        Extension e = ExtensionParser.parseOrThrow(entry, "127.0.0.1", TestModes.REGISTRY);
        assertEquals(List.of("127.0.0.1", "10.0.0.0/8"), e.allow().entries());
        assertEquals(2, e.maxCalls());
        assertEquals(e, ExtensionParser.parseOrThrow(ExtensionParser.toEntry(e), "127.0.0.1", TestModes.REGISTRY));
        entry.remove("allow");
        entry.remove("max-calls");
        Extension plain = ExtensionParser.parseOrThrow(entry, "127.0.0.1", TestModes.REGISTRY);
        assertNull(plain.allow());
        assertEquals(0, plain.maxCalls());
        entry.put("allow", List.of("nope"));
        Object r = ExtensionParser.parse(entry, "127.0.0.1", 1, TestModes.REGISTRY);
        assertTrue(r instanceof RejectedExtension rej && rej.reason().contains("allow entry 'nope'"), r.toString());
    }
}
