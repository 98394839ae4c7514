package io.ramal.gateway.cluster;

import io.ramal.extensions.LogText;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The cluster as the operations views show it, from one {@link ClusterSource}: the body of
 * {@code GET /cluster} (which {@code ramal nodes} prints as a table) and the status log's lines.
 * One reading, so the page, the command and the log never disagree.
 */
public final class ClusterReport {

    private ClusterReport() {
    }

    /**
     * {@code {clustered, self, databaseUp, readAt, nodes: [...], owners: {queue: {...}}}}: every
     * node with whether it is alive, when it was last seen (and how long before {@code readAt}) and
     * its calls; every queue's lease with its holder, epoch, expiry, whether it is valid now and
     * whether this node owns it by its own clock.
     */
    public static Map<String, Object> body(ClusterSource source) {
        ClusterView v = source.view();
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("clustered", source.clustered());
        b.put("self", v.self());
        b.put("databaseUp", v.databaseUp());
        b.put("readAt", v.readAt().toString());
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (NodeInfo n : v.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("self", n.name().equals(v.self()));
            m.put("alive", n.alive());
            m.put("lastSeen", String.valueOf(n.lastSeen()));
            m.put("lastSeenAgoMs", agoMs(n.lastSeen(), v.readAt()));
            m.put("activeCalls", n.activeCalls());
            m.put("relay", n.relayHost().isEmpty() ? "" : hostPort(n.relayHost(), n.relayPort()));
            m.put("startedAt", String.valueOf(n.startedAt()));
            m.put("version", n.version());
            nodes.add(m);
        }
        b.put("nodes", nodes);
        Map<String, Object> owners = new LinkedHashMap<>();
        TreeSet<String> queues = new TreeSet<>(v.owners().keySet());
        queues.addAll(source.competing());
        for (String q : queues) {
            QueueOwner o = v.owners().get(q);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", o == null ? null : o.node());
            m.put("epoch", o == null ? 0 : o.epoch());
            m.put("expiresAt", o == null ? null : o.expiresAt().toString());
            m.put("valid", v.ownerOf(q).isPresent());
            m.put("ownedHere", source.ownsNow(q));
            m.put("competing", source.competing().contains(q));
            owners.put(q, m);
        }
        b.put("owners", owners);
        return b;
    }

    /** One line per node and one per queue's owner, for each status report. */
    public static List<String> statusLines(ClusterSource source) {
        ClusterView v = source.view();
        List<String> lines = new ArrayList<>();
        lines.add("cluster clustered=" + source.clustered() + " self=" + v.self() + " database-up=" + v.databaseUp()
                + " nodes=" + v.nodes().size() + " alive=" + v.alive() + " read-at=" + v.readAt());
        for (NodeInfo n : v.nodes()) {
            lines.add("node name=" + LogText.escape(n.name()) + " alive=" + n.alive() + " last-seen=" + n.lastSeen()
                    + " calls=" + n.activeCalls() + " relay=" + LogText.escape(hostPort(n.relayHost(), n.relayPort()))
                    + " version=" + LogText.escape(n.version()) + " started-at=" + n.startedAt());
        }
        for (QueueOwner o : v.owners().values()) {
            lines.add("queue-owner queue=" + LogText.escape(o.queue()) + " node=" + LogText.escape(o.node())
                    + " epoch=" + o.epoch() + " expires-at=" + o.expiresAt()
                    + " valid=" + v.ownerOf(o.queue()).isPresent() + " owned-here=" + source.ownsNow(o.queue()));
        }
        return lines;
    }

    private static long agoMs(Instant at, Instant now) {
        return at == null ? -1 : Math.max(0, Duration.between(at, now).toMillis());
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
