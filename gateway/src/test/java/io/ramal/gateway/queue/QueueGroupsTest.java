package io.ramal.gateway.queue;

import io.ramal.extensions.Extension;
import io.ramal.extensions.Mode;
import io.ramal.gateway.Modes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Queues one attendant serves are owned together, and every node names the group alike. */
class QueueGroupsTest {

    private static int port = 41000;

    private static Extension ext(Mode mode, Map<String, Object> settings, boolean enabled) {
        return new Extension("r" + port, "127.0.0.1", port++, mode, settings, null, enabled, "",
                Modes.SETTINGS.parse(mode, settings));
    }

    @Test
    void attendantsJoinTheirQueuesIntoOneGroupNamedAfterItsFirstQueue() {
        List<Extension> rows = List.of(
                ext(Mode.QUEUE, Map.of("queue", "vendas"), true),
                ext(Mode.QUEUE, Map.of("queue", "suporte"), true),
                ext(Mode.QUEUE, Map.of("queue", "financeiro"), true),
                ext(Mode.AGENT, Map.of("queues", List.of("vendas", "suporte")), true),
                ext(Mode.AGENT, Map.of("queues", List.of("suporte", "cobranca")), true),
                ext(Mode.AGENT, Map.of("queues", List.of("financeiro", "x")), false), // disabled: joins nothing
                ext(Mode.ECHO, Map.of(), true));
        QueueGroups g = QueueGroups.of(rows);
        assertEquals("cobranca", g.group("vendas"));
        assertEquals("cobranca", g.group("suporte"));
        assertEquals("cobranca", g.group("cobranca"));
        assertEquals("financeiro", g.group("financeiro"));
        assertEquals("x", g.group("x"), "a queue no enabled row names is its own group");
        assertEquals(List.of("cobranca", "suporte", "vendas"), g.members("cobranca"));
        assertEquals(List.of("cobranca", "financeiro"), List.copyOf(g.names()));
        List<Extension> backwards = new java.util.ArrayList<>(rows);
        java.util.Collections.reverse(backwards);
        assertEquals(g, QueueGroups.of(backwards), "the same groups whatever the order of the rows");
    }
}
