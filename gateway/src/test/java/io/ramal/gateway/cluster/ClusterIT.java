package io.ramal.gateway.cluster;

import io.ramal.extensions.DbConfig;
import io.ramal.extensions.testing.TcpProxy;
import io.ramal.extensions.testing.TestDb;
import io.ramal.gateway.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nodes of one cluster on the real PostgreSQL, each test in a schema of its own: exactly one
 * owner per queue, a closed owner's queues taken within three heartbeats, and an owner cut off
 * from the database giving its queue up before the other node can take it.
 */
class ClusterIT {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** Looked for in every log of a CI run by .ci/no-secrets-in-logs. */
    static final String NODE_SECRET = "ramal-canary-node-secret";

    private TestDb db;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void database() {
        db = TestDb.create();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        db.close();
    }

    /** What a node's listener heard, with this JVM's nanoTime of each call. */
    record Event(String kind, String queue, long epoch, String why, long at) {
    }

    static class Recorder implements OwnershipListener {
        final List<Event> events = new CopyOnWriteArrayList<>();

        @Override
        public void gained(String queue, long epoch) {
            events.add(new Event("gained", queue, epoch, "", System.nanoTime()));
        }

        @Override
        public void lost(String queue, String why) {
            events.add(new Event("lost", queue, 0, why, System.nanoTime()));
        }

        List<Event> of(String kind, String queue) {
            return events.stream().filter(e -> e.kind.equals(kind) && e.queue.equals(queue)).toList();
        }

        Event last(String kind, String queue) {
            List<Event> l = of(kind, queue);
            return l.isEmpty() ? null : l.get(l.size() - 1);
        }
    }

    private Cluster node(String name, DbConfig config, Recorder rec) {
        NodeSettings s = new NodeSettings(name, "127.0.0.1", NODE_SECRET, LEASE, HEARTBEAT, 0, "", Duration.ZERO);
        Cluster c = Cluster.start(s, config, "test", () -> 2);
        open.add(c);
        c.addListener(rec);
        return c;
    }

    @Test
    void twoNodesOwnEachQueueOnceAndTheOtherTakesOverAtClose() throws Exception {
        Set<String> queues = Set.of("suporte", "vendas", "cobranca");
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        Cluster a = node("node-a", db.config, ra);
        Cluster b = node("node-b", db.config, rb);
        a.compete(queues);
        b.compete(queues);

        Await.until(Duration.ofSeconds(10), "every queue owned by one node, both views agreeing", () -> {
            for (String q : queues) {
                assertFalse(a.ownsNow(q) && b.ownsNow(q), "two owners of " + q);
            }
            return a.view().alive() == 2 && b.view().alive() == 2 && queues.stream().allMatch(q -> (a.ownsNow(q) ^ b.ownsNow(q))
                    && a.view().ownerOf(q).map(n -> n.name().equals(a.ownsNow(q) ? "node-a" : "node-b")).orElse(false)
                    && b.view().ownerOf(q).map(n -> n.name().equals(a.ownsNow(q) ? "node-a" : "node-b")).orElse(false));
        });
        assertEquals(2, a.view().alive());
        assertEquals(2, b.view().node("node-a").orElseThrow().activeCalls());
        for (String q : queues) {
            assertEquals(1, (a.ownsNow(q) ? ra : rb).of("gained", q).size(), "one gained per queue: " + q);
            assertTrue((a.ownsNow(q) ? rb : ra).of("gained", q).isEmpty(), "the other never gained " + q);
        }

        // Close the owner of suporte: the other takes every queue it held, without waiting a lease.
        Cluster owner = a.ownsNow("suporte") ? a : b;
        Cluster other = owner == a ? b : a;
        Recorder ro = owner == a ? ra : rb;
        Recorder rt = owner == a ? rb : ra;
        List<String> held = queues.stream().filter(owner::ownsNow).toList();
        owner.close();
        open.remove(owner);
        long closed = System.nanoTime();
        for (String q : held) {
            assertEquals("closing", ro.last("lost", q).why());
        }
        Await.until(HEARTBEAT.multipliedBy(3), "the other node gains " + held + " within 3 heartbeats",
                () -> held.stream().allMatch(other::ownsNow));
        for (String q : held) {
            Event gained = rt.last("gained", q);
            assertTrue(gained.at() - closed < HEARTBEAT.multipliedBy(3).toNanos(), q);
            assertTrue(gained.epoch() > ro.last("gained", q).epoch(), "the epoch grows at a change of owner: " + q);
        }
        String gone = owner == a ? "node-a" : "node-b";
        Await.until(HEARTBEAT.multipliedBy(3), "the closed node is seen stopped",
                () -> !other.view().node(gone).orElseThrow().alive());
    }

    @Test
    void aHeartbeatRightAfterTheOneThatGrantedRenewsEvenWhenTheListenersAreSlow() throws Exception {
        // Listeners are told on the fence thread: a slow one holds back the grants queued behind it.
        // A heartbeat that ran before the fence applied them took a fresh tenure: a false loss.
        Recorder rec = new Recorder() {
            @Override
            public void gained(String queue, long epoch) {
                super.gained(queue, epoch);
                try {
                    Thread.sleep(100); // a listener slow to take the queue up (not a wait for a condition)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Set<String> queues = Set.of("suporte", "vendas", "cobranca");
        Cluster a = node("node-a", db.config, rec);
        a.compete(queues);
        a.compete(queues); // a second heartbeat at once, behind the one that grants
        Await.until(Duration.ofSeconds(10), "every queue owned", () -> queues.stream().allMatch(a::ownsNow));
        // The heartbeat that would have flapped came right behind the granting one; wait out one more.
        Instant owned = a.view().readAt();
        Await.until(HEARTBEAT.multipliedBy(4), "a later heartbeat read the leases",
                () -> a.view().readAt().isAfter(owned.plus(HEARTBEAT)));
        for (String q : queues) {
            assertEquals(List.of(1L), rec.of("gained", q).stream().map(Event::epoch).toList(), "granted once: " + q);
            assertTrue(rec.of("lost", q).isEmpty(), "never lost: " + q + " " + rec.of("lost", q));
        }
    }

    @Test
    void anOwnerCutOffFromTheDatabaseGivesTheQueueUpBeforeTheOtherTakesItAndNotBack() throws Exception {
        URI u = URI.create(db.config.url().substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(u.getHost(), u.getPort())) {
            DbConfig viaProxy = new DbConfig(db.config.url().replace(u.getHost() + ":" + u.getPort(),
                    "127.0.0.1:" + proxy.port()), db.config.user(), db.config.password(), 2, Duration.ofSeconds(2),
                    db.config.schema());
            Recorder ra = new Recorder();
            Recorder rb = new Recorder();
            Cluster a = node("node-a", viaProxy, ra);
            a.compete(Set.of("suporte"));
            Await.until(Duration.ofSeconds(10), "node-a owns suporte", () -> a.ownsNow("suporte"));
            Cluster b = node("node-b", db.config, rb);
            b.compete(Set.of("suporte"));
            Await.until(Duration.ofSeconds(10), "node-b sees node-a as the owner",
                    () -> b.view().ownerOf("suporte").map(n -> n.name().equals("node-a")).orElse(false));
            assertFalse(b.ownsNow("suporte"));
            long epochA = ra.last("gained", "suporte").epoch();

            proxy.cut();
            long cut = System.nanoTime();
            Await.until(LEASE.plus(HEARTBEAT.multipliedBy(2)).plusSeconds(5), "node-b takes suporte",
                    () -> rb.last("gained", "suporte") != null);
            Event lostA = ra.last("lost", "suporte");
            Event gainedB = rb.last("gained", "suporte");
            assertTrue(lostA != null, "node-a gave suporte up");
            assertEquals("lease expired locally", lostA.why());
            assertTrue(lostA.at() < gainedB.at(), "node-a lost suporte " + (gainedB.at() - lostA.at()) / 1_000_000
                    + " ms before node-b gained it, not after");
            long takeoverMs = (gainedB.at() - cut) / 1_000_000;
            assertTrue(takeoverMs <= LEASE.plus(HEARTBEAT.multipliedBy(2)).toMillis(),
                    "node-b gained suporte " + takeoverMs + " ms after the cut; allowed: lease + 2 heartbeats");
            assertTrue(gainedB.epoch() > epochA);
            assertFalse(a.ownsNow("suporte"));
            assertFalse(a.view().databaseUp());

            // The database comes back to node-a: it sees node-b as the owner and never takes it back.
            proxy.restore();
            Await.until(LEASE.plusSeconds(10), "node-a reads the database again and sees node-b own suporte",
                    () -> a.view().databaseUp()
                            && a.view().ownerOf("suporte").map(n -> n.name().equals("node-b")).orElse(false));
            long until = System.nanoTime() + HEARTBEAT.multipliedBy(3).toNanos();
            while (System.nanoTime() < until) {
                assertFalse(a.ownsNow("suporte") && b.ownsNow("suporte"), "never two owners");
                Thread.sleep(50);
            }
            List<Event> lostB = rb.of("lost", "suporte");
            List<Event> gainedA = ra.of("gained", "suporte");
            if (lostB.isEmpty()) {
                assertEquals(1, gainedA.size(), "node-a took suporte back while node-b renewed it");
                assertTrue(b.ownsNow("suporte"));
            } else {
                // node-b missed its renewals (a machine loaded past the lease): node-a may take the queue
                // again, but only after node-b had let it go.
                assertTrue(gainedA.size() == 1 || gainedA.get(1).at() > lostB.get(0).at(),
                        "node-a took suporte before node-b let it go: " + gainedA + " " + lostB);
            }
            a.close(); // while the proxy still carries its connections
            open.remove(a);
        }
    }

    @Test
    void twoProcessesWithOneNodeNameNeverBothOwn() throws Exception {
        Recorder r1 = new Recorder();
        Recorder r2 = new Recorder();
        Cluster first = node("same", db.config, r1);
        first.compete(Set.of("suporte"));
        Await.until(Duration.ofSeconds(10), "the first owns suporte", () -> first.ownsNow("suporte"));
        Cluster second = node("same", db.config, r2);
        second.compete(Set.of("suporte"));
        long until = System.nanoTime() + HEARTBEAT.multipliedBy(3).toNanos();
        while (System.nanoTime() < until) {
            assertFalse(second.ownsNow("suporte"), "a second process with the name took the queue");
            Thread.sleep(50);
        }
        assertTrue(first.ownsNow("suporte"));
        assertTrue(r2.events.isEmpty());
    }
}
