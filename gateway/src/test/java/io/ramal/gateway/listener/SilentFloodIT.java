package io.ramal.gateway.listener;

import io.ramal.audio.AudioFormat;
import io.ramal.audio.Tone;
import io.ramal.extensions.Mode;
import io.ramal.gateway.call.CallCounters;
import io.ramal.gateway.call.CallSettings;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.client.CallRunner;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.GoodCall;
import io.ramal.gateway.testing.LogCapture;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of connections that never send their id, on a line with {@code max-calls}: they take no
 * call slot, so the calls that identify meanwhile are served (and the one past the limit is still
 * busy), and the handshake timeout ends every silent one with the hangup frame. The 5,000-connection
 * run is {@code bench/scripts/silent_flood.py}, in BENCHMARKS.md.
 */
class SilentFloodIT {

    private static final int SILENT = 300;
    private static final int MAX_CALLS = 4;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void silentConnectionsTakeNoCallSlotAndTheHandshakeTimeoutEndsThemAll() throws Exception {
        CallSettings settings = CallSettings.from(Map.of("handshake-timeout", "5s", "idle-timeout", "2s"));
        ExecutorService callers = Executors.newFixedThreadPool(MAX_CALLS);
        List<Socket> silent = new ArrayList<>();
        try (TestGateway gw = new TestGateway(Handlers.withEcho(), settings); LogCapture ended = GoodCall.calls()) {
            NettyListener l = gw.bind(TestGateway.extension("9000", TestGateway.freePort(), Mode.ECHO)
                    .withAdmission(null, MAX_CALLS));
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", TestGateway.port(l));
            CallCounters c = gw.factory.counters("9000");
            for (int i = 0; i < SILENT; i++) {
                Socket s = new Socket();
                s.connect(at, 2_000);
                s.setSoTimeout(15_000);
                silent.add(s);
            }
            Await.until(WAIT, "every silent connection accepted", () -> c.connections.sum() == SILENT);

            List<Future<CallRunner.Result>> calls = new ArrayList<>();
            for (int i = 0; i < MAX_CALLS; i++) {
                calls.add(callers.submit(() -> CallRunner.run(new CallRunner.Plan(at, UUID.randomUUID(),
                        AudioFormat.SLIN_8K, Tone.sine(8000, 440, 0.3, Duration.ofSeconds(1)), Duration.ofSeconds(1),
                        Map.of(), Duration.ofMillis(300)))));
            }
            Await.until(WAIT, "the calls started beside the flood", () -> c.calls.sum() == MAX_CALLS);
            try (AudioSocketClient oneTooMany = AudioSocketClient.connect(at, null, Duration.ofSeconds(2))) {
                oneTooMany.sendId(UUID.randomUUID());
                assertTrue(oneTooMany.awaitClosed(WAIT), "max-calls still holds");
                assertTrue(oneTooMany.hangupReceived(), "busy: the hangup frame");
            }
            for (Future<CallRunner.Result> f : calls) {
                CallRunner.Result r = f.get(30, TimeUnit.SECONDS);
                GoodCall.assertWhole(r, ended); // served in full
            }
            assertEquals(0, c.handshakeTimeouts.sum(), "the silent ones were all still up meanwhile");
            assertEquals(1, c.refusedBusy.sum());

            Await.until(Duration.ofSeconds(20), "the handshake timeout ended every silent connection",
                    () -> c.handshakeTimeouts.sum() == SILENT);
            for (Socket s : silent) {
                try (InputStream in = s.getInputStream()) {
                    assertArrayEquals(new byte[] {0, 0, 0}, in.readAllBytes(), "the hangup frame, then the close");
                }
            }
            Await.until(WAIT, "nothing left on the line", () -> l.activeCalls() == 0);
        } finally {
            callers.shutdownNow();
            for (Socket s : silent) {
                s.close();
            }
        }
    }
}
