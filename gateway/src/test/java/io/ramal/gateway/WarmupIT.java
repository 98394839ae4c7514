package io.ramal.gateway;

import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.queue.QueueModule;
import io.ramal.gateway.testing.LogCapture;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarmupIT {

    @Test
    void warmUpRunsOneEchoAndOneAiCallPerLoopAndLeavesNothingBehind() throws Exception {
        try (TestGateway gw = TestGateway.echo();
             LogCapture log = LogCapture.info(Warmup.class.getName())) {
            Warmup.run(gw.factory);
            assertTrue(log.has("call path warmed event-loops=2 calls=2"), log.messages().toString());
            String line = log.messages().stream().filter(m -> m.contains("call path warmed")).findFirst().orElseThrow();
            long echoed = Long.parseLong(line.replaceAll(".*frames-echoed=(\\d+).*", "$1"));
            assertTrue(echoed >= 2, "every warm-up call heard its echo: " + line);
            // The AI bridge against the in-process demo agent: its greeting reached both callers.
            // served-by-agent counts legs that reached the agent and stayed: not the fallback's tone.
            assertTrue(log.has("ai path warmed event-loops=2 calls=2 served-by-agent=2"), log.messages().toString());
            String ai = log.messages().stream().filter(m -> m.contains("ai path warmed")).findFirst().orElseThrow();
            long heard = Long.parseLong(ai.replaceAll(".*frames-heard=(\\d+).*", "$1"));
            assertTrue(heard >= 2, "the callers heard the agent's greeting: " + ai);
            assertTrue(gw.factory.listeners().isEmpty(), "the warm-up listeners are gone");
            assertTrue(gw.factory.listener("warm-up") == null);
            assertTrue(gw.factory.listener("warm-up-ai") == null);
        }
    }

    @Test
    void queueWarmUpBridgesAnAttendantAndACallerPerLoopWithAModuleOfItsOwn() throws Exception {
        try (TestGateway gw = TestGateway.echo();
             QueueModule queues = new QueueModule(Path.of("..", "config", "prompts"), CallSettings.DEFAULTS);
             LogCapture log = LogCapture.info(Warmup.class.getName())) {
            QueueWarmup.run(gw.factory, queues);
            // Each attendant heard its caller and each caller its attendant, through the bridge.
            assertTrue(log.has("queue path warmed event-loops=2 calls=4 legs-heard-partner=4"), log.messages().toString());
            assertEquals(0, queues.snapshot(false).stream().mapToLong(q -> q.answeredTotal() + q.attendants()).sum(),
                    "the gateway's own queues saw none of it: " + queues.snapshot(false));
            assertTrue(gw.factory.listeners().isEmpty(), "the warm-up listeners are gone");
        }
    }
}
