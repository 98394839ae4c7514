package io.ramal.gateway.listener;

import io.ramal.extensions.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel's range of ephemeral ports, and a warning for an extension that listens inside it.
 * Linux picks the local port of every outgoing connection from that range (32768-60999 by
 * default); after a load test or a burst of outgoing connections thousands of them linger in
 * TIME_WAIT, and an extension port among them cannot be bound for a minute or two. The cure is
 * to reserve the extension ports ({@code net.ipv4.ip_local_reserved_ports}, see
 * {@code deploy/sysctl-ramal.conf}); a reserved port is not warned about. Read once, from
 * {@code /proc}; where that is absent (not Linux, a container without it) nothing is warned.
 * Thread-safe: binds come from the extension manager's thread.
 */
final class EphemeralPorts {

    private static final Logger LOG = LoggerFactory.getLogger(EphemeralPorts.class);

    static final Path RANGE_FILE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    static final Path RESERVED_FILE = Path.of("/proc/sys/net/ipv4/ip_local_reserved_ports");

    /** Ports {@code low} to {@code high}, both included. */
    record Range(int low, int high) {
        boolean contains(int port) {
            return port >= low && port <= high;
        }

        @Override
        public String toString() {
            return low == high ? Integer.toString(low) : low + "-" + high;
        }
    }

    private final Range ephemeral;          // null: unknown, nothing is warned
    private final List<Range> reserved;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    EphemeralPorts(Range ephemeral, List<Range> reserved) {
        this.ephemeral = ephemeral;
        this.reserved = List.copyOf(reserved);
    }

    /** The running kernel's ranges; none when {@code /proc} does not have them. */
    static EphemeralPorts fromKernel() {
        return read(RANGE_FILE, RESERVED_FILE);
    }

    /** The ranges in these files (the {@code /proc} format); a missing or unreadable file means none. */
    static EphemeralPorts read(Path rangeFile, Path reservedFile) {
        return new EphemeralPorts(parseRange(readOrEmpty(rangeFile)), parseList(readOrEmpty(reservedFile)));
    }

    /** {@code ip_local_port_range}'s two numbers, separated by white space; null when it is not that. */
    static Range parseRange(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            return null;
        }
        try {
            int low = Integer.parseInt(parts[0]);
            int high = Integer.parseInt(parts[1]);
            return low <= high ? new Range(low, high) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code ip_local_reserved_ports}' list, such as {@code 40000-40999,50000}; what does not parse is left out. */
    static List<Range> parseList(String text) {
        List<Range> out = new ArrayList<>();
        for (String item : text.trim().split(",")) {
            String[] ends = item.trim().split("-", 2);
            try {
                int low = Integer.parseInt(ends[0].trim());
                int high = ends.length == 2 ? Integer.parseInt(ends[1].trim()) : low;
                if (low <= high) {
                    out.add(new Range(low, high));
                }
            } catch (NumberFormatException e) {
                // an empty list, or a shape this kernel does not write: nothing reserved from it
            }
        }
        return out;
    }

    /**
     * Warns, once per extension and port, when {@code ext}'s port lies in the ephemeral range and
     * is not reserved.
     *
     * @return true when this call wrote the warning
     */
    boolean warnIfEphemeral(Extension ext) {
        int port = ext.port();
        if (ephemeral == null || port == 0 || !ephemeral.contains(port) || isReserved(port)
                || !warned.add(ext.ramal() + ":" + port)) {
            return false;
        }
        LOG.warn("extension port in the kernel's ephemeral range ramal={} port={} ephemeral-range={}: outgoing "
                + "connections may hold it and its bind fail for minutes; reserve the extension ports, e.g. "
                + "sysctl -w net.ipv4.ip_local_reserved_ports=40000-40999 (deploy/sysctl-ramal.conf)",
                ext.ramal(), port, ephemeral);
        return true;
    }

    private boolean isReserved(int port) {
        for (Range r : reserved) {
            if (r.contains(port)) {
                return true;
            }
        }
        return false;
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
