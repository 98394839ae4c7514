package io.ramal.extensions;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The sources an extension accepts connections from: addresses and CIDR blocks, IPv4 and IPv6,
 * parsed once. Every block is kept in the IPv6 space, IPv4 as its IPv4-mapped form
 * ({@code ::ffff:a.b.c.d}), so an IPv4 peer seen by a dual-stack socket as {@code ::ffff:10.1.2.3}
 * matches {@code 10.0.0.0/8} with no special case, and a match is two masked compares of two longs
 * per block. Only literals are accepted, never host names: an allowlist must not depend on DNS.
 * Immutable; safe from any thread.
 */
public final class SourceAllowlist {

    /** The gateway's default: loopback and the private ranges. */
    public static final List<String> PRIVATE = List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12",
            "192.168.0.0/16", "fc00::/7");

    private static final long MAPPED_HI = 0L;
    private static final long MAPPED_LO = 0x0000_ffff_0000_0000L;

    private final List<String> entries;
    private final long[] nets; // per block: hi, lo of the network
    private final long[] masks; // per block: hi, lo of the mask

    private SourceAllowlist(List<String> entries, long[] nets, long[] masks) {
        this.entries = List.copyOf(entries);
        this.nets = nets;
        this.masks = masks;
    }

    /**
     * Parses a list of addresses and blocks ({@code 10.0.0.0/8}, {@code 192.0.2.7}, {@code fd00::/8}).
     *
     * @param key    the setting's name, for messages ({@code allow}, {@code gateway.allow})
     * @param value  a list of strings, or one string of entries separated by commas
     * @throws IllegalArgumentException naming the key and the bad value
     */
    public static SourceAllowlist parse(String key, Object value) {
        List<String> list = new ArrayList<>();
        if (value instanceof String one) { // one entry, or several separated by commas (an environment variable)
            for (String part : one.split(",")) {
                if (!part.isBlank() || one.isBlank()) {
                    list.add(part);
                }
            }
        } else if (value instanceof Collection<?> many) {
            for (Object o : many) {
                if (!(o instanceof String) && !(o instanceof Number)) {
                    throw new IllegalArgumentException(key + " entry '" + LogText.escape(o, 64)
                            + "' is invalid, allowed: an IP address or CIDR block such as 10.0.0.0/8 or fd00::/8");
                }
                list.add(o.toString());
            }
        } else {
            throw new IllegalArgumentException(key + "=" + LogText.escape(value, 64)
                    + " is invalid, allowed: a list of IP addresses and CIDR blocks such as [127.0.0.1, 10.0.0.0/8]");
        }
        long[] nets = new long[list.size() * 2];
        long[] masks = new long[list.size() * 2];
        List<String> shown = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            shown.add(block(key, list.get(i).trim(), nets, masks, i * 2));
        }
        return new SourceAllowlist(shown, nets, masks);
    }

    /** Parses one block into {@code nets}/{@code masks} at {@code at}; returns its spelling as given. */
    private static String block(String key, String text, long[] nets, long[] masks, int at) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        boolean colon = addr.indexOf(':') >= 0;
        if (addr.isEmpty() || !(colon ? addr.matches("[0-9A-Fa-f:.]+") : addr.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}"))) {
            throw bad(key, text, "not an IP address literal");
        }
        InetAddress ip;
        try {
            ip = InetAddress.getByName(addr); // a literal: no DNS
        } catch (UnknownHostException e) {
            throw bad(key, text, "not an IP address literal");
        }
        // A literal IPv4 is kept in the mapped space (+96 bits); so is ::ffff:a.b.c.d, which Java returns as IPv4.
        boolean v4 = ip instanceof Inet4Address;
        int max = v4 && !colon ? 32 : 128;
        int prefix = max;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > max) {
                throw bad(key, text, "prefix length must be 0.." + max);
            }
            prefix = Integer.parseInt(p);
        }
        if (v4 && !colon) {
            prefix += 96;
        } else if (v4 && prefix < 96) {
            throw bad(key, text, "an IPv4-mapped block needs a prefix of 96..128");
        }
        long maskHi = prefix >= 64 ? -1L : prefix == 0 ? 0L : -1L << (64 - prefix);
        long maskLo = prefix <= 64 ? 0L : prefix == 128 ? -1L : -1L << (128 - prefix);
        long hi = hi(ip.getAddress());
        long lo = lo(ip.getAddress());
        if ((hi & ~maskHi) != 0 || (lo & ~maskLo) != 0) {
            throw bad(key, text, "host bits are set below the prefix (did you mean the network address?)");
        }
        nets[at] = hi;
        nets[at + 1] = lo;
        masks[at] = maskHi;
        masks[at + 1] = maskLo;
        return text;
    }

    private static IllegalArgumentException bad(String key, String text, String why) {
        return new IllegalArgumentException(key + " entry '" + LogText.escape(text, 64) + "' is invalid (" + why
                + "), allowed: an IP address or CIDR block such as 10.0.0.0/8, 192.0.2.7, fd00::/8");
    }

    /** True when {@code source} is in one of the blocks. One copy of the address's bytes, nothing else. */
    public boolean allows(InetAddress source) {
        byte[] b = source.getAddress();
        long hi = hi(b);
        long lo = lo(b);
        for (int i = 0; i < nets.length; i += 2) {
            if ((hi & masks[i]) == nets[i] && (lo & masks[i + 1]) == nets[i + 1]) {
                return true;
            }
        }
        return false;
    }

    private static long hi(byte[] b) {
        return b.length == 4 ? MAPPED_HI : longAt(b, 0);
    }

    private static long lo(byte[] b) {
        if (b.length == 4) {
            return MAPPED_LO | ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        }
        return longAt(b, 8);
    }

    private static long longAt(byte[] b, int at) {
        long v = 0;
        for (int i = at; i < at + 8; i++) {
            v = v << 8 | (b[i] & 0xffL);
        }
        return v;
    }

    /** The entries as written (trimmed): for files, the database and listings. */
    public List<String> entries() {
        return entries;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceAllowlist a && a.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return String.join(",", entries);
    }
}
