package io.ramal.gateway.cluster;

import com.zaxxer.hikari.HikariDataSource;
import io.ramal.extensions.DbConfig;
import io.ramal.extensions.pg.DbPools;
import io.ramal.extensions.pg.Migrations;
import io.ramal.gateway.log.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * This gateway as one node of several on one PostgreSQL, which is the only thing they share.
 * Every {@code node.heartbeat} its thread {@code ramal-cluster} writes the node's row, renews or
 * takes the lease of every queue it competes for (one compare-and-set statement each, see
 * {@link LeaseStore}), and reads every node and lease into a new {@link ClusterView}. What this
 * node believes it owns is kept by its {@link Fence}, on a thread of its own, which gives a queue
 * up before its lease can run out in the database; see {@code docs/cluster.md}.
 *
 * <p>Starts with the database down: the heartbeat keeps trying, owning nothing meanwhile, and
 * applies the schema migrations at its first contact.
 */
public final class Cluster implements ClusterSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

    private final NodeSettings settings;
    private final DbConfig db;
    private final String version;
    private final IntSupplier activeCalls;
    private final String relayHost;
    private final int relayPort;
    private final HikariDataSource pool;
    private final LeaseStore store;
    private final Fence fence;
    private final ScheduledExecutorService beat;
    private final long leaseNanos;
    private final long heartbeatNanos;
    private final LogLimiter downLines = new LogLimiter();
    private final LogLimiter upLines = new LogLimiter();
    private final LogLimiter nameLines = new LogLimiter();
    private volatile Set<String> competing = Set.of();
    private volatile ClusterView view;
    // On the heartbeat thread only:
    private boolean migrated;
    private boolean databaseUp = true;
    private Instant downSince;

    private Cluster(NodeSettings settings, DbConfig db, String version, IntSupplier activeCalls, int relayPort) {
        this.settings = settings;
        this.db = db;
        this.version = version;
        this.activeCalls = activeCalls;
        this.relayHost = settings.advertiseHost();
        this.relayPort = relayPort;
        this.leaseNanos = settings.lease().toNanos();
        this.heartbeatNanos = settings.heartbeat().toNanos();
        this.view = new ClusterView(settings.name(), List.of(), Map.of(), false, Instant.now());
        this.store = new LeaseStore(db.schema(), settings.name(), UUID.randomUUID().toString(),
                settings.lease().toMillis());
        // Every wait of the pool and the driver stays below the lease minus a heartbeat, so a lost
        // database is an error well before the lease could run out, not a thread parked for 30 s.
        // Three connections: the heartbeat's, Flyway's at the first contact, close()'s release.
        this.pool = DbPools.open(db, "ramal-cluster", 3, settings.lease().minus(settings.heartbeat()));
        this.fence = new Fence(settings.name(), System::nanoTime);
        this.beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ramal-cluster");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the heartbeat; the first one runs at once, in the background.
     *
     * @param version     the gateway's version, written in the node's row
     * @param activeCalls this node's calls in progress, read at every heartbeat
     * @throws IllegalArgumentException when the node is not clustered or there is no database
     */
    public static Cluster start(NodeSettings settings, DbConfig db, String version, IntSupplier activeCalls) {
        return start(settings, db, version, activeCalls, settings.relayPort());
    }

    /**
     * As {@link #start(NodeSettings, DbConfig, String, IntSupplier)}, advertising {@code relayPort}:
     * the port the relay server actually bound when {@code node.relay-port} is 0.
     */
    public static Cluster start(NodeSettings settings, DbConfig db, String version, IntSupplier activeCalls,
                                int relayPort) {
        if (!settings.clustered()) {
            throw new IllegalArgumentException("node.secret is empty: this gateway is not clustered");
        }
        if (!db.enabled()) {
            throw new IllegalArgumentException("db.url is empty: a cluster's nodes share their PostgreSQL");
        }
        Cluster c = new Cluster(settings, db, version, activeCalls, relayPort);
        c.beat.scheduleAtFixedRate(c::beatSafely, 0, c.heartbeatNanos, TimeUnit.NANOSECONDS);
        LOG.info("cluster node started node={} relay={}:{} lease={} heartbeat={} db={} schema={}", settings.name(),
                c.relayHost, relayPort, io.ramal.extensions.Units.format(settings.lease()),
                io.ramal.extensions.Units.format(settings.heartbeat()), db.maskedUrl(), db.schema());
        return c;
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public ClusterView view() {
        return view;
    }

    /** The queues this node tries to own from now on (replaces the set); those left out are given up at once. */
    public void compete(Set<String> queues) {
        Set<String> q = Set.copyOf(queues);
        competing = q;
        try {
            fence.retain(q);
            beat.execute(this::beatSafely); // take the new ones now, not a heartbeat later
        } catch (RejectedExecutionException e) {
            // closed: nothing to compete for any more
        }
    }

    @Override
    public Set<String> competing() {
        return competing;
    }

    /** Adds a listener; it is told at once of the queues already owned. */
    public void addListener(OwnershipListener l) {
        fence.addListener(l);
    }

    @Override
    public boolean ownsNow(String queue) {
        return fence.ownsNow(queue);
    }

    private void beatSafely() {
        try {
            beatOnce();
        } catch (Throwable t) {
            LOG.error("cluster heartbeat failed; the next one will run node={}", settings.name(), t);
        }
    }

    private void beatOnce() {
        // Taken before any statement is sent: the database's expiry is later than this.
        long t0 = System.nanoTime();
        Set<String> queues = competing;
        int calls = calls();
        try {
            if (!migrated) {
                Migrations.apply(pool, db);
                migrated = true;
            }
            ClusterView v;
            List<String> refused = new ArrayList<>();
            try (Connection c = pool.getConnection()) {
                if (store.register(c, relayHost, relayPort, version, calls)) {
                    store.releaseExcept(c, queues);
                    for (String q : queues) {
                        OptionalLong epoch = store.acquire(c, q, !fence.holds(q));
                        if (epoch.isPresent()) {
                            fence.renewed(q, epoch.getAsLong(), t0 + leaseNanos - heartbeatNanos);
                        } else {
                            refused.add(q);
                        }
                    }
                } else {
                    nameInUse();
                    refused.addAll(queues);
                }
                v = store.read(c);
            }
            for (String q : refused) {
                QueueOwner o = v.owners().get(q);
                fence.refused(q, o == null ? "?" : o.node());
            }
            fence.settle(heartbeatNanos / 2_000_000);
            view = v;
            up();
        } catch (Exception e) {
            view = view.down();
            down(e);
        }
    }

    private int calls() {
        try {
            return activeCalls.getAsInt();
        } catch (RuntimeException e) {
            LOG.debug("cluster could not count the active calls node={}", settings.name(), e);
            return 0;
        }
    }

    private void nameInUse() {
        long suppressed = nameLines.acquire();
        if (suppressed >= 0) {
            LOG.error("cluster node name in use by another live process node={}: this one owns no queue until "
                    + "that one stops or its row is older than node.lease; give each node its own node.name "
                    + "suppressed={}", settings.name(), suppressed);
        }
    }

    private void up() {
        if (!databaseUp) {
            databaseUp = true;
            long suppressed = upLines.acquire();
            if (suppressed >= 0) {
                LOG.warn("cluster database up node={} down-since={} suppressed={}", settings.name(), downSince,
                        suppressed);
            }
        }
    }

    private void down(Exception e) {
        if (databaseUp) {
            databaseUp = false;
            downSince = Instant.now();
            long suppressed = downLines.acquire();
            if (suppressed >= 0) {
                LOG.warn("cluster database down node={} owned-queues-lost-within={} reason=\"{}\" suppressed={}",
                        settings.name(), io.ramal.extensions.Units.format(settings.lease().minus(settings.heartbeat())),
                        db.scrub(e.getMessage()), suppressed);
            }
        }
    }

    /**
     * Gives up every queue (listeners told first), then releases the leases in the database so
     * another node takes them at its next heartbeat, marks this node stopped, and closes the pool.
     * With the database down the leases simply run out.
     */
    @Override
    public void close() {
        beat.shutdownNow();
        try {
            // The heartbeat may be inside a statement: it ends within the driver's timeouts.
            if (!beat.awaitTermination(settings.lease().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("cluster heartbeat did not stop in time node={}", settings.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fence.loseAll("closing", Duration.ofSeconds(5).toMillis());
        try (Connection c = pool.getConnection()) {
            int released = store.releaseExcept(c, Set.of());
            store.stop(c);
            LOG.info("cluster node stopped node={} leases-released={}", settings.name(), released);
        } catch (Exception e) {
            LOG.warn("cluster node stopped without releasing its leases (they run out within node.lease) node={}"
                    + " reason=\"{}\"", settings.name(), db.scrub(e.getMessage()));
        } finally {
            fence.close();
            pool.close();
        }
    }
}
