package io.ramal.gateway.cluster;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The cluster's statements on the {@code nodes} and {@code queue_leases} tables (migration
 * {@code V5__cluster.sql}). Each one is a single statement in autocommit, and every time in
 * them is the database's {@code now()}: nodes whose clocks disagree still agree on a lease.
 * Stateless; the caller brings the connection.
 */
final class LeaseStore {

    private final String nodes;
    private final String leases;
    private final String self;
    private final String instance;
    private final long leaseMs;

    /**
     * @param schema   where the tables are ({@code db.schema}, a checked identifier)
     * @param self     this node's name
     * @param instance this process's random id: the name's holder
     * @param leaseMs  {@code node.lease} in milliseconds
     */
    LeaseStore(String schema, String self, String instance, long leaseMs) {
        this.nodes = schema + ".nodes";
        this.leases = schema + ".queue_leases";
        this.self = self;
        this.instance = instance;
        this.leaseMs = leaseMs;
    }

    /**
     * Writes this node's row. Refused (false) while another live process holds the name: two
     * processes configured with one name must not both be the node, or both would renew its leases.
     */
    boolean register(Connection c, String relayHost, int relayPort, String version, int activeCalls)
            throws SQLException {
        String sql = "INSERT INTO " + nodes + " AS n (name, instance, relay_host, relay_port, started_at, version,"
                + " last_seen, stopped, active_calls) VALUES (?, ?, ?, ?, now(), ?, now(), false, ?)"
                + " ON CONFLICT (name) DO UPDATE SET instance = EXCLUDED.instance, relay_host = EXCLUDED.relay_host,"
                + " relay_port = EXCLUDED.relay_port,"
                + " started_at = CASE WHEN n.instance = EXCLUDED.instance THEN n.started_at ELSE now() END,"
                + " version = EXCLUDED.version, last_seen = now(), stopped = false,"
                + " active_calls = EXCLUDED.active_calls"
                + " WHERE n.instance = EXCLUDED.instance OR n.stopped"
                + " OR n.last_seen < now() - ? * interval '1 millisecond'";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, self);
            ps.setString(2, instance);
            ps.setString(3, relayHost);
            ps.setInt(4, relayPort);
            ps.setString(5, version);
            ps.setInt(6, activeCalls);
            ps.setLong(7, leaseMs);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * The compare-and-set of one lease: renews this process's own row, or takes a free or expired
     * one, in one statement. The epoch grows at every new tenure: another owner's row taken, or
     * {@code fresh} (this node does not believe it holds the queue, so whatever it held before is
     * over). Empty when another node holds an unexpired lease.
     */
    OptionalLong acquire(Connection c, String queue, boolean fresh) throws SQLException {
        String sql = "INSERT INTO " + leases + " AS l (queue, owner, owner_instance, epoch, expires_at)"
                + " VALUES (?, ?, ?, 1, now() + ? * interval '1 millisecond')"
                + " ON CONFLICT (queue) DO UPDATE SET"
                + " epoch = CASE WHEN l.owner_instance = EXCLUDED.owner_instance AND NOT ? THEN l.epoch"
                + " ELSE l.epoch + 1 END,"
                + " owner = EXCLUDED.owner, owner_instance = EXCLUDED.owner_instance, expires_at = EXCLUDED.expires_at"
                + " WHERE l.owner_instance = EXCLUDED.owner_instance OR l.expires_at < now()"
                + " RETURNING epoch";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, queue);
            ps.setString(2, self);
            ps.setString(3, instance);
            ps.setLong(4, leaseMs);
            ps.setBoolean(5, fresh);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /**
     * Ends this process's leases on every queue not in {@code keep} (all of them when empty): their
     * expiry is set in the past, so another node takes them at its next heartbeat, not a lease later.
     */
    int releaseExcept(Connection c, Set<String> keep) throws SQLException {
        String sql = "UPDATE " + leases + " SET expires_at = now() - interval '1 millisecond'"
                + " WHERE owner_instance = ? AND expires_at >= now() AND NOT (queue = ANY (?))";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Array a = c.createArrayOf("text", keep.toArray());
            ps.setString(1, instance);
            ps.setArray(2, a);
            return ps.executeUpdate();
        }
    }

    /** Marks this node stopped: the others see it gone at once, not a lease later. */
    void stop(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + nodes + " SET stopped = true, active_calls = 0, last_seen = now()"
                        + " WHERE name = ? AND instance = ?")) {
            ps.setString(1, self);
            ps.setString(2, instance);
            ps.executeUpdate();
        }
    }

    /** Every node and every lease, with the database's time of reading. */
    ClusterView read(Connection c) throws SQLException {
        Instant now;
        List<NodeInfo> all = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, relay_host, relay_port, started_at, version,"
                + " last_seen, NOT stopped AND last_seen >= now() - ? * interval '1 millisecond', active_calls"
                + " FROM " + nodes + " ORDER BY name")) {
            ps.setLong(1, leaseMs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.add(new NodeInfo(rs.getString(1), rs.getString(2), rs.getInt(3), instant(rs, 4),
                            rs.getString(5), instant(rs, 6), rs.getBoolean(7), rs.getInt(8)));
                }
            }
        }
        Map<String, QueueOwner> owners = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT queue, owner, epoch, expires_at, now() FROM " + leases
                + " ORDER BY queue");
             ResultSet rs = ps.executeQuery()) {
            now = null;
            while (rs.next()) {
                owners.put(rs.getString(1), new QueueOwner(rs.getString(1), rs.getString(2), rs.getLong(3),
                        instant(rs, 4)));
                now = instant(rs, 5);
            }
        }
        if (now == null) {
            now = databaseNow(c);
        }
        return new ClusterView(self, all, owners, true, now);
    }

    private static Instant databaseNow(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT now()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return instant(rs, 1);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
