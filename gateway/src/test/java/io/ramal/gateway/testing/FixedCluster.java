package io.ramal.gateway.testing;

import io.ramal.gateway.cluster.ClusterSource;
import io.ramal.gateway.cluster.ClusterView;
import io.ramal.gateway.cluster.NodeInfo;
import io.ramal.gateway.cluster.QueueOwner;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A clustered {@link ClusterSource} that says what it is given: for the views over a cluster
 * ({@code /cluster}, metrics, the status log) without a database. Owns the queues named.
 */
public record FixedCluster(ClusterView view, Set<String> owned, Set<String> competing) implements ClusterSource {

    /** Node {@code a} (self, 3 calls) and {@code b} alive, {@code c} dead; a owns suporte, vendas's lease ran out. */
    public static FixedCluster threeNodes(Instant at) {
        NodeInfo a = new NodeInfo("a", "127.0.0.2", 9601, at.minusSeconds(60), "0.1.0", at.minusMillis(300), true, 3);
        NodeInfo b = new NodeInfo("b", "127.0.0.3", 9601, at.minusSeconds(60), "0.1.0", at.minusMillis(800), true, 1);
        NodeInfo c = new NodeInfo("c", "127.0.0.4", 9601, at.minusSeconds(60), "0.1.0", at.minusSeconds(30), false, 0);
        ClusterView v = new ClusterView("a", List.of(a, b, c),
                Map.of("suporte", new QueueOwner("suporte", "a", 4, at.plusSeconds(4)),
                        "vendas", new QueueOwner("vendas", "c", 2, at.minusSeconds(20))),
                true, at);
        return new FixedCluster(v, Set.of("suporte"), Set.of("suporte", "vendas"));
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public boolean ownsNow(String queue) {
        return owned.contains(queue);
    }
}
