package io.ramal.gateway;

import io.ramal.extensions.DbConfig;
import io.ramal.extensions.Extension;
import io.ramal.extensions.LogText;
import io.ramal.gateway.call.Call;
import io.ramal.gateway.call.CallContext;
import io.ramal.gateway.call.CallHandler;
import io.ramal.gateway.call.CallRecorder;
import io.ramal.gateway.cluster.Cluster;
import io.ramal.gateway.cluster.ClusterView;
import io.ramal.gateway.cluster.NodeInfo;
import io.ramal.gateway.cluster.NodeSettings;
import io.ramal.gateway.cluster.OwnershipListener;
import io.ramal.gateway.listener.NettyListenerFactory;
import io.ramal.gateway.queue.QueueGroups;
import io.ramal.gateway.queue.QueueModule;
import io.ramal.gateway.queue.line.Placement;
import io.ramal.gateway.relay.RelayConnector;
import io.ramal.gateway.relay.RelayHeader;
import io.ramal.gateway.relay.RelayLeg;
import io.ramal.gateway.relay.RelayRole;
import io.ramal.gateway.relay.RelayRoutes;
import io.ramal.gateway.relay.RelayServer;
import io.ramal.gateway.relay.RelayStats;
import io.ramal.gateway.relay.RelayTargets;
import io.ramal.gateway.relay.Route;
import io.ramal.gateway.call.CallOwner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * This gateway as one node of a cluster on one PostgreSQL (DESIGN.md, "Scaling past one
 * machine"): it joins the {@link Cluster} (heartbeat, one lease per queue group), runs the
 * {@link RelayServer} where other nodes bring the legs of the queues this node owns, and is the
 * queue module's {@link Placement}: a leg of a queue owned elsewhere becomes a {@link RelayLeg}
 * to the owner; when this node gains a queue group its matchmaker settles before the first
 * pairing, and when it loses one the group's legs move to the new owner.
 *
 * <p>Thread-safe: {@link #here}, {@link #route} and {@link #ownerFor} run on event loops and
 * read volatile snapshots only; ownership changes arrive on the cluster's thread.
 */
final class ClusterNode implements Placement, RelayRoutes, RelayTargets, OwnershipListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    private final NodeSettings settings;
    private final byte[] secret;
    private final RelayStats relayStats = new RelayStats();
    /** The calls that other nodes relayed here and that run here now, by call id. */
    private final Set<UUID> relayedHere = ConcurrentHashMap.newKeySet();
    private volatile QueueGroups groups = QueueGroups.NONE;
    /** Every extension by ramal, on every node: what a relayed leg's header names. */
    private volatile Map<String, Extension> extensions = Map.of();
    private volatile Cluster cluster;
    private volatile QueueModule queues;
    private volatile NettyListenerFactory factory;
    private volatile RelayConnector connector;
    private volatile RelayServer relay;

    ClusterNode(NodeSettings settings) {
        this.settings = settings;
        this.secret = settings.secret().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Joins the cluster and opens the relay port, once the queue module and the listener factory
     * exist; before that every queue counts as owned elsewhere by nobody (callers wait).
     */
    void start(QueueModule queueModule, NettyListenerFactory listeners, DbConfig db, IntSupplier activeCalls)
            throws InterruptedException {
        this.queues = queueModule;
        this.factory = listeners;
        this.connector = RelayConnector.of(listeners.transport(), relayStats);
        String bind = settings.bind().isEmpty() ? "0.0.0.0" : settings.bind();
        this.relay = RelayServer.start(bind, settings.relayPort(), listeners.transport(), secret, this,
                listeners.settings(), relayStats);
        Cluster c = Cluster.start(settings, db, Version.current(), activeCalls, relay.port());
        c.addListener(this);
        this.cluster = c;
        c.compete(groups.names());
        LOG.info("cluster node started node={} relay={}:{} advertise={} lease-ms={}", settings.name(), bind,
                relay.port(), settings.advertiseHost(), settings.lease().toMillis());
    }

    /**
     * Every extension row as the store holds it (on every node, so every node computes the same
     * queue groups): the groups to compete for, and the queues a relayed leg may name.
     */
    void extensionsLoaded(Collection<Extension> all) {
        QueueGroups g = QueueGroups.of(all);
        Map<String, Extension> byRamal = new ConcurrentHashMap<>();
        all.forEach(e -> byRamal.put(e.ramal(), e));
        extensions = Map.copyOf(byRamal);
        QueueModule q = queues;
        if (q != null) {
            q.configure(all); // this node may own a queue whose extensions it does not serve
        }
        if (!g.equals(groups)) {
            groups = g;
            LOG.info("cluster queue groups node={} groups={}", settings.name(), g.names());
        }
        Cluster c = cluster;
        if (c != null) {
            c.compete(g.names());
        }
    }

    /** The cluster's view now: for /cluster and the status log. */
    Optional<Cluster> cluster() {
        return Optional.ofNullable(cluster);
    }

    /** The relay's counters. */
    RelayStats relayStats() {
        return relayStats;
    }

    // ---- Placement: on event loops ---------------------------------------------------------------

    @Override
    public boolean here(String queue) {
        Cluster c = cluster;
        return c != null && c.ownsNow(groups.group(queue));
    }

    @Override
    public CallHandler elsewhere(Call call, String queue, boolean attendant, long arrivedAtMillis,
                                 Function<CallContext, CallHandler> whenHere) {
        RelayConnector conn = connector;
        if (conn == null) {
            throw new IllegalStateException("the cluster is not started yet");
        }
        return new RelayLeg(this, queue, attendant ? RelayRole.ATTENDANT : RelayRole.CALLER, arrivedAtMillis,
                settings.name(), secret, whenHere, conn);
    }

    @Override
    public boolean relayedHere(CallContext ctx) {
        return relayedHere.contains(ctx.call().id());
    }

    // ---- RelayRoutes: on event loops ---------------------------------------------------------------

    @Override
    public Route route(String queue) {
        Cluster c = cluster;
        if (c == null) {
            return new Route.Unknown();
        }
        String group = groups.group(queue);
        if (c.ownsNow(group)) {
            return new Route.Local();
        }
        ClusterView v = c.view();
        Optional<NodeInfo> owner = v.ownerOf(group);
        if (owner.isEmpty() || owner.get().name().equals(settings.name())) {
            return new Route.Unknown(); // nobody, or this node's lease is being renewed or given up
        }
        NodeInfo n = owner.get();
        return new Route.Remote(n.name(), new InetSocketAddress(n.relayHost(), n.relayPort()));
    }

    // ---- RelayTargets: on the relayed connection's event loop ------------------------------------

    @Override
    public CallOwner ownerFor(RelayHeader h) {
        QueueModule q = queues;
        Extension ext = extensions.get(h.ramal());
        if (q == null || ext == null || !here(h.queue())) {
            return null;
        }
        Function<Call, CallHandler> handler = h.role() == RelayRole.ATTENDANT ? q::relayedAttendant
                : call -> q.relayedCaller(call, h.queue(), h.arrivedAtMillis()).orElseThrow(
                        () -> new IllegalStateException("queue " + LogText.escape(h.queue()) + " is not known here"));
        relayedHere.add(h.call());
        return new RelayedLegs(ext, handler, h.role() == RelayRole.CALLER, factory, CallRecorder.NONE,
                () -> relayedHere.remove(h.call()));
    }

    // ---- OwnershipListener: on the cluster's thread --------------------------------------------------

    @Override
    public void gained(String group, long epoch) {
        QueueModule q = queues;
        List<String> members = groups.members(group);
        if (q != null) {
            q.gained(members, settings.settle());
        }
        LOG.info("queue group taken node={} group={} queues={} epoch={} settle-ms={}", settings.name(), group,
                members, epoch, settings.settle().toMillis());
    }

    @Override
    public void lost(String group, String why) {
        QueueModule q = queues;
        List<String> members = groups.members(group);
        if (q != null) {
            q.lost(members);
        }
        LOG.info("queue group given up node={} group={} queues={} why=\"{}\"", settings.name(), group, members,
                LogText.escape(why));
    }

    @Override
    public void close() {
        Closing.quietly(LOG, cluster, relay);
    }
}
