package io.ramal.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ramal nodes}'s text from a {@code /cluster} document. */
class NodesTextTest {

    private static final String CLUSTER = """
            {"clustered":true,"self":"gw-a","databaseUp":false,"readAt":"2026-12-01T10:00:00Z",
             "nodes":[{"name":"gw-a","self":true,"alive":true,"lastSeen":"2026-12-01T09:59:59.600Z",
               "lastSeenAgoMs":400,"activeCalls":12,"relay":"127.0.0.2:9601","startedAt":"2026-12-01T09:00:00Z",
               "version":"0.1.0"},
              {"name":"gw-b","self":false,"alive":false,"lastSeen":"2026-12-01T09:59:35Z","lastSeenAgoMs":25000,
               "activeCalls":0,"relay":"127.0.0.3:9601","startedAt":"2026-12-01T08:00:00Z","version":"0.1.0"}],
             "owners":{"suporte":{"node":"gw-a","epoch":4,"expiresAt":"2026-12-01T10:00:04Z","valid":true,
               "ownedHere":true,"competing":true},
               "vendas":{"node":null,"epoch":0,"expiresAt":null,"valid":false,"ownedHere":false,"competing":true}}}
            """;

    @Test
    void nodesAndOwnersAreTables() throws Exception {
        List<String> lines = NodesText.render(new ObjectMapper().readTree(CLUSTER)).lines().toList();
        String all = String.join("\n", lines);
        assertEquals("  NAME                 ALIVE  LAST-SEEN  CALLS  RELAY                  VERSION      STARTED",
                lines.get(3), all);
        assertEquals("cluster  self gw-a  database DOWN  read at 2026-12-01T10:00:00Z", lines.get(0));
        assertTrue(lines.contains("* gw-a                 yes    0.4 s ago     12  127.0.0.2:9601         0.1.0"
                + "        2026-12-01T09:00:00Z"), all);
        assertTrue(lines.contains("  gw-b                 NO      25 s ago      0  127.0.0.3:9601         0.1.0"
                + "        2026-12-01T08:00:00Z"), all);
        assertTrue(lines.contains("  suporte              gw-a                      4  yes   yes   2026-12-01T10:00:04Z"),
                all);
        assertTrue(lines.contains("  vendas               -                         0  NO    no    -"), all);
    }

    @Test
    void aGatewayAloneSaysSo() throws Exception {
        String single = """
                {"clustered":false,"self":"box","databaseUp":false,"readAt":"2026-12-01T10:00:00Z",
                 "nodes":[{"name":"box","self":true,"alive":true,"lastSeen":"2026-12-01T10:00:00Z","lastSeenAgoMs":0,
                 "activeCalls":2,"relay":"","startedAt":"2026-12-01T09:00:00Z","version":"dev"}],"owners":{}}
                """;
        String text = NodesText.render(new ObjectMapper().readTree(single));
        assertTrue(text.startsWith("not clustered (node.secret is empty)  self box\n"), text);
        assertTrue(text.contains("* box                  yes    0.0 s ago      2  -"), text);
        assertTrue(!text.contains("QUEUES"), text);
    }

    @Test
    void agesReadAtAGlance() {
        assertEquals("0.4 s", NodesText.seconds(400));
        assertEquals("25 s", NodesText.seconds(25_000));
        assertEquals("12 min", NodesText.seconds(720_000));
    }
}
