package io.ramal.gateway.cluster;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who owns a queue in a view, and the status log's lines of it. */
class ClusterViewTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    static NodeInfo node(String name, boolean alive, int calls) {
        return new NodeInfo(name, "127.0.0.2", 9601, AT.minusSeconds(3600), "0.1.0", AT.minusMillis(400), alive, calls);
    }

    static ClusterView view() {
        return new ClusterView("a", List.of(node("a", true, 3), node("b", true, 0), node("c", false, 0)),
                Map.of("suporte", new QueueOwner("suporte", "a", 4, AT.plusSeconds(4)),
                        "vendas", new QueueOwner("vendas", "c", 2, AT.plusSeconds(2)),
                        "cobranca", new QueueOwner("cobranca", "b", 7, AT.minusSeconds(1))),
                true, AT);
    }

    @Test
    void theOwnerIsAnAliveNodeWithAnUnexpiredLease() {
        ClusterView v = view();
        assertEquals("a", v.ownerOf("suporte").orElseThrow().name());
        assertTrue(v.ownerOf("vendas").isEmpty(), "its node is dead");
        assertTrue(v.ownerOf("cobranca").isEmpty(), "its lease ran out");
        assertTrue(v.ownerOf("nobody").isEmpty());
        assertEquals(2, v.alive());
        assertFalse(v.down().databaseUp());
        assertEquals(v.owners(), v.down().owners());
    }

    @Test
    void aSingleGatewayIsItselfAloneOwningNothing() {
        ClusterView v = ClusterView.single("solo");
        assertEquals(1, v.nodes().size());
        assertTrue(v.nodes().get(0).alive());
        assertTrue(v.owners().isEmpty());
        assertTrue(v.ownerOf("suporte").isEmpty());
    }

    @Test
    void statusLinesNameEveryNodeAndEveryOwner() {
        ClusterSource src = new ClusterSource() {
            @Override
            public boolean clustered() {
                return true;
            }

            @Override
            public ClusterView view() {
                return ClusterViewTest.view();
            }

            @Override
            public boolean ownsNow(String queue) {
                return queue.equals("suporte");
            }

            @Override
            public Set<String> competing() {
                return Set.of("suporte", "vendas");
            }
        };
        List<String> lines = ClusterReport.statusLines(src);
        assertEquals("cluster clustered=true self=a database-up=true nodes=3 alive=2 read-at=2026-12-01T10:00:00Z",
                lines.get(0));
        assertTrue(lines.contains("node name=a alive=true last-seen=2026-12-01T09:59:59.600Z calls=3 "
                + "relay=127.0.0.2:9601 version=0.1.0 started-at=2026-12-01T09:00:00Z"), String.join("\n", lines));
        assertTrue(lines.contains("queue-owner queue=suporte node=a epoch=4 expires-at=2026-12-01T10:00:04Z valid=true "
                + "owned-here=true"), String.join("\n", lines));
        assertTrue(lines.contains("queue-owner queue=cobranca node=b epoch=7 expires-at=2026-12-01T09:59:59Z "
                + "valid=false owned-here=false"), String.join("\n", lines));
        assertEquals(1 + 3 + 3, lines.size());

        Map<String, Object> body = ClusterReport.body(src);
        assertEquals(true, body.get("clustered"));
        assertEquals(3, ((List<?>) body.get("nodes")).size());
        assertEquals(3, ((Map<?, ?>) body.get("owners")).size());
    }

    @Test
    void aFollowingSourceReadsWhicheverSourceIsCurrent() {
        java.util.concurrent.atomic.AtomicReference<ClusterSource> now =
                new java.util.concurrent.atomic.AtomicReference<>(ClusterSource.single("box", "0.1.0", () -> 1));
        ClusterSource following = ClusterSource.following(now::get);
        assertFalse(following.clustered());
        assertEquals("box", following.view().self());
        assertFalse(following.ownsNow("suporte"));
        now.set(new io.ramal.gateway.testing.FixedCluster(view(), Set.of("suporte"), Set.of("suporte")));
        assertTrue(following.clustered());
        assertEquals("a", following.view().self());
        assertTrue(following.ownsNow("suporte"));
        assertEquals(Set.of("suporte"), following.competing());
    }
}
