package io.ramal.gateway.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What this node knows of the cluster after its last heartbeat: every node and every queue's
 * lease, as the database said at {@code readAt} (the database's clock). Immutable; the cluster
 * replaces it whole at every heartbeat, so event loops read it without locks. When the database
 * cannot be read the last view is kept with {@code databaseUp} false: it grows stale, and
 * {@link #ownerOf} keeps naming the owner it last saw.
 *
 * <p>For whether this node itself may run a queue, ask {@link Cluster#ownsNow(String)}, which
 * follows its own clock; a view says what the database said, a heartbeat ago.
 *
 * @param self       this node's name
 * @param nodes      every node ever registered, by name
 * @param owners     every queue's lease row, by queue
 * @param databaseUp whether the last heartbeat reached the database
 * @param readAt     when the rows were read, on the database's clock
 */
public record ClusterView(String self, List<NodeInfo> nodes, Map<String, QueueOwner> owners,
                          boolean databaseUp, Instant readAt) {

    public ClusterView {
        nodes = List.copyOf(nodes);
        owners = Map.copyOf(owners);
    }

    /** The alive node holding an unexpired lease on {@code queue} when this view was read, if any. */
    public Optional<NodeInfo> ownerOf(String queue) {
        QueueOwner o = owners.get(queue);
        if (o == null || !o.expiresAt().isAfter(readAt)) {
            return Optional.empty();
        }
        return node(o.node()).filter(NodeInfo::alive);
    }

    /** The node named {@code name}, if registered. */
    public Optional<NodeInfo> node(String name) {
        for (NodeInfo n : nodes) {
            if (n.name().equals(name)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** The nodes alive when this view was read. */
    public int alive() {
        return (int) nodes.stream().filter(NodeInfo::alive).count();
    }

    /** The view of a gateway that is not clustered: itself alone, alive, owning no lease. */
    public static ClusterView single(String self) {
        Instant now = Instant.now();
        return single(self, "", now, 0);
    }

    /** As {@link #single(String)}, naming its version, start and calls in progress. */
    public static ClusterView single(String self, String version, Instant startedAt, int activeCalls) {
        Instant now = Instant.now();
        return new ClusterView(self, List.of(new NodeInfo(self, "", 0, startedAt, version, now, true, activeCalls)),
                Map.of(), false, now);
    }

    /** This view as it stands when the database cannot be read: the same rows, marked down. */
    ClusterView down() {
        return databaseUp ? new ClusterView(self, nodes, owners, false, readAt) : this;
    }
}
