package io.ramal.extensions;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one spelling of a bind address, so that two spellings of one address cannot both pass the
 * uniqueness check: {@code 127.000.000.001} is {@code 127.0.0.1}, {@code 0:0:0:0:0:0:0:1} is
 * {@code ::1} (RFC 5952's short form), {@code ::ffff:10.0.0.1} is {@code 10.0.0.1}, and a host
 * name is lower-cased. Literals are parsed without DNS; a host name is kept as written (two
 * names of one host are not recognised as one address). Digits and dots that are not four
 * decimal parts of 0..255 ({@code 127.1}, {@code 2130706433}) are refused rather than guessed,
 * since resolvers read them in different ways.
 */
public final class BindAddress {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:%-]{1,253}");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private BindAddress() {
    }

    /**
     * The canonical form of {@code value}.
     *
     * @throws IllegalArgumentException naming the value and what is allowed
     */
    public static String canonical(String value) {
        if (value == null || !ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException("bind=" + LogText.escape(value, 64)
                    + " is invalid, allowed: an IPv4 address (a.b.c.d), an IPv6 address or a host name"
                    + " (letters, digits and . - : % _, up to 253)");
        }
        if (DIGITS_AND_DOTS.matcher(value).matches()) {
            return ipv4(value);
        }
        if (value.indexOf(':') >= 0) {
            int zone = value.indexOf('%');
            String addr = zone < 0 ? value : value.substring(0, zone);
            return ipv6(value, addr) + (zone < 0 ? "" : value.substring(zone));
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static String ipv4(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            throw notIpv4(value);
        }
        StringBuilder sb = new StringBuilder(15);
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
                throw notIpv4(value);
            }
            sb.append(sb.length() == 0 ? "" : ".").append(Integer.parseInt(p));
        }
        return sb.toString();
    }

    private static IllegalArgumentException notIpv4(String value) {
        return new IllegalArgumentException("bind=" + value
                + " is invalid, allowed: an IPv4 address as four numbers 0..255 separated by dots");
    }

    private static String ipv6(String value, String addr) {
        if (!IPV6_LITERAL.matcher(addr).matches()) {
            throw new IllegalArgumentException("bind=" + value + " is not an IPv6 address");
        }
        try {
            // A text with ':' is parsed as a literal by the JDK, never looked up.
            InetAddress a = InetAddress.getByName(addr);
            return a instanceof Inet6Address ? shortForm(a.getAddress()) : a.getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind=" + value + " is not an IPv6 address");
        }
    }

    /** RFC 5952: lower-case hex, no leading zeros, the longest run (of two or more) of zero groups as ::. */
    private static String shortForm(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            if (j > i) {
                i = j - 1;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /**
     * Why {@code bind} cannot be bound by name, or null when it can: a literal needs no lookup, a
     * host name must resolve. Blocks on DNS for host names: call it from the manager's thread
     * or the CLI, never from an event loop.
     */
    public static String unresolvable(String bind) {
        String b = canonical(bind);
        if (DIGITS_AND_DOTS.matcher(b).matches() || b.indexOf(':') >= 0) {
            return null;
        }
        try {
            InetAddress.getByName(b);
            return null;
        } catch (UnknownHostException e) {
            return "bind=" + LogText.escape(b, 64) + " is neither an IP address nor a host name that resolves";
        }
    }
}
