package io.ramal.gateway.status;

import io.ramal.extensions.StoreHealth;
import io.ramal.gateway.cluster.ClusterReport;
import io.ramal.gateway.cluster.ClusterSource;
import io.ramal.gateway.testing.FixedCluster;
import io.ramal.gateway.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each status report names every node and every queue's owner, after the queues' lines. */
class StatusLogClusterTest {

    private static final StoreHealth UP = new StoreHealth("postgres", true, null, StoreHealth.ServingFrom.STORE, null);

    @Test
    void everyNodeAndOwnerHasItsLine() {
        ClusterSource cluster = FixedCluster.threeNodes(Instant.parse("2026-12-01T10:00:00Z"));
        try (LogCapture log = LogCapture.info(StatusLog.LOGGER);
             StatusLog s = new StatusLog(List::of, () -> UP, () -> List.of("queue=suporte waiting=0"),
                     () -> ClusterReport.statusLines(cluster), Duration.ofHours(1))) {
            s.report();
            List<String> m = log.messages();
            String all = String.join("\n", m);
            assertTrue(log.has("cluster clustered=true self=a database-up=true nodes=3 alive=2"), all);
            assertTrue(log.has("node name=b alive=true last-seen=2026-12-01T09:59:59.200Z calls=1 relay=127.0.0.3:9601"),
                    all);
            assertTrue(log.has("node name=c alive=false"), all);
            assertTrue(log.has("queue-owner queue=suporte node=a epoch=4", "valid=true owned-here=true"), all);
            assertTrue(log.has("queue-owner queue=vendas node=c epoch=2", "valid=false owned-here=false"), all);
            int queue = m.indexOf("queue=suporte waiting=0");
            assertTrue(queue >= 0 && m.get(queue + 1).startsWith("cluster "), all);
        }
    }

    @Test
    void aGatewayAloneSaysSoInOneLinePlusItsNode() {
        try (LogCapture log = LogCapture.info(StatusLog.LOGGER);
             StatusLog s = new StatusLog(List::of, () -> UP, List::of,
                     () -> ClusterReport.statusLines(ClusterSource.single("box", "0.1.0", () -> 2)),
                     Duration.ofHours(1))) {
            s.report();
            assertTrue(log.has("cluster clustered=false self=box"), String.join("\n", log.messages()));
            assertTrue(log.has("node name=box alive=true", "calls=2"), String.join("\n", log.messages()));
        }
    }
}
