package io.ramal.bench;

import java.net.InetSocketAddress;

/**
 * Where the load goes: one host and a port or an inclusive range of ports
 * ({@code HOST:PORT} or {@code HOST:FIRST-LAST}); calls are spread over the ports round-robin.
 *
 * @param host      host name or address, without brackets
 * @param firstPort first port, 1..65535
 * @param lastPort  last port, firstPort..65535
 */
public record Target(String host, int firstPort, int lastPort) {

    public Target {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("target host is empty, expected HOST:PORT[-PORT]");
        }
        if (firstPort < 1 || lastPort > 65535 || firstPort > lastPort) {
            throw new IllegalArgumentException("target ports " + firstPort + "-" + lastPort
                    + " are invalid, allowed: 1..65535, first <= last");
        }
    }

    /** Parses {@code HOST:PORT} or {@code HOST:FIRST-LAST}; IPv6 hosts in brackets. */
    public static Target parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("--target is missing, expected HOST:PORT[-PORT]");
        }
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("--target " + text + " is invalid, expected HOST:PORT[-PORT]");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String ports = t.substring(colon + 1);
        int dash = ports.indexOf('-');
        int first = port(text, dash < 0 ? ports : ports.substring(0, dash));
        int last = dash < 0 ? first : port(text, ports.substring(dash + 1));
        if (last < first) {
            throw new IllegalArgumentException("--target " + text + " has its ports backwards, expected FIRST-LAST with FIRST <= LAST");
        }
        return new Target(host, first, last);
    }

    private static int port(String text, String p) {
        int port;
        try {
            port = Integer.parseInt(p.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--target " + text + " has no valid port number in '" + p + "'", e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--target " + text + ": port " + port + " is invalid, allowed: 1..65535");
        }
        return port;
    }

    /** Ports in the range. */
    public int portCount() {
        return lastPort - firstPort + 1;
    }

    /** The port of call number {@code index} (0-based): round-robin over the range. */
    public int portOf(int index) {
        return firstPort + Math.floorMod(index, portCount());
    }

    /** The address of call number {@code index}, unresolved until connect. */
    public InetSocketAddress addressOf(int index) {
        return InetSocketAddress.createUnresolved(host, portOf(index));
    }

    @Override
    public String toString() {
        return host + ":" + firstPort + (lastPort != firstPort ? "-" + lastPort : "");
    }
}
