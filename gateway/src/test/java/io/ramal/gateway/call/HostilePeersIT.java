package io.ramal.gateway.call;

import io.ramal.audio.AudioFormat;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.client.CallRunner;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.listener.NettyListener;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.GoodCall;
import io.ramal.gateway.testing.LogCapture;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Peers that misbehave on purpose, on a gateway with ONE event loop: a caller flipping its audio
 * kind on every frame is hung up without costing the good call beside it a frame, and a flood of
 * bad connections is counted in full but leaves only a few log lines.
 */
class HostilePeersIT {

    private static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = new TestGateway(Handlers.withEcho(), TestGateway.shortTimeouts(), 1);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** A well-behaved echo call of {@code ms} on {@code port}, started now. */
    private static CompletableFuture<CallRunner.Result> goodCall(int port, int ms) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return CallRunner.run(new CallRunner.Plan(new InetSocketAddress("127.0.0.1", port), UUID.randomUUID(),
                        AudioFormat.SLIN_8K, PacingIT.noise(AudioFormat.SLIN_8K, ms), Duration.ofMillis(ms), Map.of(),
                        Duration.ofMillis(300)));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    private static void assertWhole(CallRunner.Result r, LogCapture calls) {
        GoodCall.assertWhole(r, calls);
        // The stall this guards against was 1.2 s; a loaded test machine may add tens of ms.
        assertTrue(r.gapMaxMs() < 500, "no stall on the shared loop: " + r.summary());
    }

    /**
     * Sends frames alternating 8 kHz (0x10) and 192 kHz (0x18), as fast as the socket takes them,
     * a few more than the gateway allows, and waits for the hangup; true when it came.
     */
    private static boolean flipUntilHungUp(int port) throws Exception {
        byte[] narrow = new byte[AudioFormat.SLIN_8K.frameBytes()];
        byte[] wide = new byte[AudioFormat.SLIN_192K.frameBytes()];
        try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port)) {
            c.sendId(UUID.randomUUID());
            try {
                for (int i = 0; i < 12 && !c.isClosedByServer(); i++) {
                    if (i % 2 == 0) {
                        c.sendAudio(AudioSocketKind.AUDIO_8K, narrow, 0, narrow.length);
                    } else {
                        c.sendAudio(AudioSocketKind.AUDIO_192K, wide, 0, wide.length);
                    }
                }
            } catch (IOException hungUp) {
                // the gateway closed while we were still flipping
            }
            return c.awaitClosed(Duration.ofSeconds(3)) && c.hangupReceived();
        }
    }

    @Test
    void aFormatFlippingCallerIsHungUpAndACallOnTheSameLoopLosesNothing() throws Exception {
        NettyListener l = gw.bindEcho("9501");
        int port = TestGateway.port(l);
        try (LogCapture log = new LogCapture("io.ramal"); LogCapture calls = GoodCall.calls()) {
            CompletableFuture<CallRunner.Result> good = goodCall(port, 4000);
            Await.until(Duration.ofSeconds(5), "the good call is up", () -> l.activeCalls() >= 1);
            int flippers = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < until) {
                assertTrue(flipUntilHungUp(port), "the flipping caller is hung up");
                flippers++;
                Thread.sleep(20); // and calls again: hung up, the attacker retries
            }
            assertWhole(good.get(15, TimeUnit.SECONDS), calls);
            int n = flippers;
            Await.until(Duration.ofSeconds(3), "every flipper counted", () -> l.counters().protocolErrors.sum() == n);
            assertTrue(l.counters().lastError().message().startsWith("format flapping"));
            long lines = log.messages().stream().filter(m -> m.contains("format")).count();
            assertTrue(lines <= 2, flippers + " flipping callers wrote " + lines + " format lines: "
                    + log.messages().stream().filter(m -> m.contains("format")).limit(5).toList());
            assertTrue(log.has("format flapping", "max-changes-per-second=4", "suppressed=0"), log.messages().toString());
        }
    }

    /** One bad connection: a kind byte that is no kind, an audio frame instead of the id, or a reset. */
    private static void badConnection(int port, int which) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(5_000);
            switch (which % 3) {
                case 0 -> s.getOutputStream().write(new byte[] {0x42, 0, 0});
                case 1 -> s.getOutputStream().write(new byte[] {0x10, 0, 2, 0, 0});
                default -> {
                    s.setSoLinger(true, 0); // closes with a reset, before the id: no TIME_WAIT left behind
                    return;
                }
            }
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // the hangup frame, then the gateway closes: the TIME_WAIT stays on its side
            }
        }
    }

    @Test
    void twentyThousandBadConnectionsLeaveAFewLogLines() throws Exception {
        NettyListener l = gw.bindEcho("9502");
        int port = TestGateway.port(l);
        int total = 20_000;
        try (LogCapture log = new LogCapture("io.ramal")) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            AtomicInteger failed = new AtomicInteger();
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < total; i += 16) {
                        try {
                            badConnection(port, i);
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, failed.get(), "every bad connection was accepted and answered");
            Await.until(Duration.ofSeconds(10), "every connection counted",
                    () -> l.counters().connections.sum() == total && l.activeCalls() == 0);
            long errors = l.counters().protocolErrors.sum();
            assertEquals(total / 3 * 2 + (total % 3 > 0 ? 1 : 0) + (total % 3 > 1 ? 1 : 0), errors,
                    "every bad connection is counted, whatever the log shows");
            int lines = log.messages().size();
            assertTrue(lines <= 300, total + " bad connections in " + ms + " ms wrote " + lines + " lines: "
                    + log.messages().stream().limit(10).toList());
            assertTrue(log.has("protocol error", "suppressed=0"), "the first one is logged at once");
        }
    }
}
