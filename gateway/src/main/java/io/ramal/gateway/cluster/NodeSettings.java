package io.ramal.gateway.cluster;

import io.ramal.extensions.BindAddress;
import io.ramal.extensions.ConfigSection;
import io.ramal.extensions.LogText;
import io.ramal.extensions.Units;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code node:} section: who this gateway is among several on one PostgreSQL. Without a
 * {@code secret} the gateway is not clustered and runs every queue itself, as a single node
 * always has. The secret never appears in logs: {@link #toString()} masks it, and no validation
 * message quotes it.
 *
 * @param name      this node's name, unique among the nodes ({@code [A-Za-z0-9._-]{1,63}}); default the host name
 * @param bind      when not empty, the address every extension of this node binds instead of its own
 *                  (several nodes on one host on 127.0.0.2, 127.0.0.3...); empty = each extension's own
 * @param secret    the cluster's shared secret, at least 16 characters, that relay connections must
 *                  prove; empty = not clustered (env {@code RAMAL_NODE_SECRET})
 * @param lease     how long a queue's owner holds it without renewing: a dead node's queues move after this
 * @param heartbeat how often the node writes its row and renews its leases; less than half the lease
 * @param relayPort the TCP port other nodes relay calls to (0 = any free port, for tests)
 * @param advertise the host other nodes dial for the relay port; empty = {@code bind} when set, else
 *                  this host's address ({@link #advertiseHost()})
 * @param settle    after this node takes a queue, how long it collects re-entering callers before
 *                  its first pairing, so that their original order is kept
 */
public record NodeSettings(String name, String bind, String secret, Duration lease, Duration heartbeat,
                           int relayPort, String advertise, Duration settle) {

    /** What a node name may hold: it is a key in the database, a log value and a metric label. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,63}");

    /** The shortest secret accepted: guessing it must not be a way in. */
    public static final int MIN_SECRET = 16;

    public NodeSettings {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("node.name=" + LogText.escape(name, 80)
                    + " is invalid, allowed: letters, digits and . _ - (1 to 63)");
        }
        bind = bind == null || bind.isEmpty() ? "" : canonical("node.bind", bind);
        advertise = advertise == null || advertise.isEmpty() ? "" : canonical("node.advertise", advertise);
        if (secret == null) {
            secret = "";
        }
        if (!secret.isEmpty() && secret.length() < MIN_SECRET) {
            // The value is never quoted: a short secret is still a secret.
            throw new IllegalArgumentException("node.secret is too short (" + secret.length()
                    + " characters), allowed: at least " + MIN_SECRET + " characters, or empty for a single node");
        }
        if (lease.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("node.lease=" + Units.format(lease)
                    + " is too short, allowed: 2s or more");
        }
        if (heartbeat.isNegative() || heartbeat.isZero() || heartbeat.multipliedBy(2).compareTo(lease) >= 0) {
            throw new IllegalArgumentException("node.heartbeat=" + Units.format(heartbeat)
                    + " is invalid, allowed: more than 0 and less than half of node.lease (" + Units.format(lease)
                    + "), so that a lease is renewed at least twice before it runs out");
        }
        if (relayPort < 0 || relayPort > 65535) {
            throw new IllegalArgumentException("node.relay-port=" + relayPort + " is out of range, allowed: 0..65535");
        }
        if (settle.isNegative()) {
            throw new IllegalArgumentException("node.settle=" + Units.format(settle)
                    + " is negative, allowed: 0 or more");
        }
    }

    /** Reads the section; missing keys take their defaults, unknown keys are refused. */
    public static NodeSettings from(Map<String, ?> values) {
        ConfigSection s = new ConfigSection("node", values);
        NodeSettings n = new NodeSettings(s.string("name", defaultName()), s.string("bind", ""),
                s.string("secret", ""),
                s.duration("lease", Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofMinutes(10)),
                s.duration("heartbeat", Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMinutes(5)),
                s.integer("relay-port", 9601, 0, 65535), s.string("advertise", ""),
                s.duration("settle", Duration.ofSeconds(2), Duration.ZERO, Duration.ofMinutes(1)));
        s.finish();
        return n;
    }

    /** A single, non-clustered node named {@code name}, every other key at its default. */
    public static NodeSettings single(String name) {
        return new NodeSettings(name, "", "", Duration.ofSeconds(5), Duration.ofSeconds(1), 9601, "",
                Duration.ofSeconds(2));
    }

    /** True when this gateway is one node of a cluster (a secret is set). */
    public boolean clustered() {
        return !secret.isEmpty();
    }

    /**
     * The host other nodes dial for this node's relay port: {@code advertise}, else {@code bind},
     * else this host's address.
     */
    public String advertiseHost() {
        if (!advertise.isEmpty()) {
            return advertise;
        }
        if (!bind.isEmpty()) {
            return bind;
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress().getHostAddress();
        }
    }

    /** The host name, cut to what a node name allows; {@code ramal} when it has none that fits. */
    static String defaultName() {
        try {
            String host = InetAddress.getLocalHost().getHostName();
            String cut = host.length() > 63 ? host.substring(0, 63) : host;
            return NAME.matcher(cut).matches() ? cut : "ramal";
        } catch (UnknownHostException e) {
            return "ramal";
        }
    }

    private static String canonical(String key, String value) {
        try {
            return BindAddress.canonical(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + "=" + LogText.escape(value, 64)
                    + " is invalid, allowed: an IPv4 address, an IPv6 address or a host name", e);
        }
    }

    @Override
    public String toString() {
        return "NodeSettings[name=" + name + ", bind=" + bind + ", secret=" + (secret.isEmpty() ? "" : "****")
                + ", lease=" + Units.format(lease) + ", heartbeat=" + Units.format(heartbeat) + ", relayPort="
                + relayPort + ", advertise=" + advertise + ", settle=" + Units.format(settle) + "]";
    }
}
