package io.ramal.bench;

import io.ramal.bench.baseline.BaselineEchoServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load generator against real echo lines on loopback: the gateway's (in this JVM) and the
 * thread-per-connection baseline. Asserts that nothing was refused or dropped and that every frame
 * came back, except, from the gateway, frames its live playout buffer trimmed and counted (a loop
 * that runs late on a loaded machine makes a burst the buffer trims; that is policy, and speed is
 * measured, not asserted). The timing figures only get a generous sanity check.
 */
class LoadGeneratorIT {

    private static LoadPlan plan(int port) {
        return new LoadPlan(new Target("127.0.0.1", port, port), 20, Duration.ofMillis(500), Duration.ofMillis(500),
                Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    private static void checkClean(LoadResult r) {
        checkClean(r, 0);
    }

    /** {@code trimmed}: frames the far end says it dropped on purpose, which may be missing. */
    private static void checkClean(LoadResult r, long trimmed) {
        assertEquals(20, r.connected(), r.toString());
        assertEquals(0, r.refused(), r.toString());
        assertEquals(0, r.dropped(), r.toString());
        assertTrue(r.sent() >= 20 * 100, "about 150 frames per call at 50 a second: " + r.sent());
        assertEquals(r.sent() - trimmed, r.received(), "every frame came back but those trimmed: " + r);
        assertEquals(trimmed, r.lost());
        assertTrue(trimmed <= r.sent() / 100, "the trims are rare: " + trimmed + " of " + r.sent());
        assertEquals(0, r.duplicates());
        assertEquals(0, r.foreign());
        assertTrue(r.gapMs().count() > 20 * 50, r.toString());
        assertTrue(r.gapMs().p50() > 5 && r.gapMs().p50() < 100, "gaps are about 20 ms: " + r.gapMs());
        assertTrue(r.rttMs().count() > 0 && r.rttMs().p50() < 1000, r.rttMs().toString());
        assertEquals(20, r.perCall().size());
        for (CallSummary c : r.perCall()) {
            assertEquals("ok", c.state(), c.toString());
            assertTrue(c.lost() <= trimmed, c.toString());
            assertTrue(c.sent() > 0, c.toString());
        }
    }

    @Test
    void twentyCallsToTheGatewayEchoLineAllComeBack() throws Exception {
        try (EchoGateway gw = new EchoGateway()) {
            LoadResult r = new LoadGenerator(plan(gw.port()), true).run(new LoadGenerator.Observer() { });
            checkClean(r, gw.finishedOverflows());
            assertTrue(r.primingSilence() > 0, "the gateway primes its playout buffer with silence, which is ignored");
        }
    }

    @Test
    void twentyCallsToTheBaselineAllComeBack() throws Exception {
        try (BaselineEchoServer b = new BaselineEchoServer(new InetSocketAddress("127.0.0.1", 0))) {
            LoadResult r = new LoadGenerator(plan(b.port()), true).run(new LoadGenerator.Observer() { });
            checkClean(r);
        }
    }
}
