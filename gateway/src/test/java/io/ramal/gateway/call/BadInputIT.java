package io.ramal.gateway.call;

import io.ramal.audio.AudioFormat;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.client.CallRunner;
import io.ramal.gateway.listener.NettyListener;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.GoodCall;
import io.ramal.gateway.testing.LogCapture;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each kind of bad input ends its own connection with a log line, while a good call on the same
 * listener, running at the same time, is unaffected.
 */
class BadInputIT {

    private static TestGateway gw;
    private static NettyListener listener;
    private static int port;

    private static int next = 9000;

    @BeforeAll
    static void start() {
        gw = TestGateway.echo();
    }

    /**
     * Each test its own extension: warnings are rate limited per extension and kind (one line a
     * minute after the first), and each test looks for its own first line.
     */
    @BeforeEach
    void bind() throws Exception {
        listener = gw.bindEcho(String.valueOf(next++));
        port = TestGateway.port(listener);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** Runs {@code bad} while a 3 s echo call streams on the same listener; the good call must be whole. */
    private void withGoodCall(ThrowingRunnable bad) throws Exception {
        CompletableFuture<CallRunner.Result> good = CompletableFuture.supplyAsync(() -> {
            try {
                return CallRunner.run(new CallRunner.Plan(new InetSocketAddress("127.0.0.1", port), UUID.randomUUID(),
                        AudioFormat.SLIN_8K, PacingIT.noise(AudioFormat.SLIN_8K, 3000), Duration.ofSeconds(3), Map.of(),
                        Duration.ofMillis(300)));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try (LogCapture calls = GoodCall.calls()) {
            Await.until(Duration.ofSeconds(5), "the good call is up", () -> listener.activeCalls() >= 1);
            bad.run();
            GoodCall.assertWhole(good.get(10, TimeUnit.SECONDS), calls);
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static byte[] header(int kind, int len) {
        return new byte[] {(byte) kind, (byte) (len >>> 8), (byte) len};
    }

    private static void assertHungUp(AudioSocketClient c) throws InterruptedException {
        assertTrue(c.awaitClosed(Duration.ofSeconds(3)), "the gateway closes the connection");
        assertTrue(c.hangupReceived(), "the gateway sends the hangup frame before closing");
    }

    @Test
    void unknownKindEndsThatCallWithAHangup() throws Exception {
        try (LogCapture log = new LogCapture("io.ramal")) {
            withGoodCall(() -> {
                try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port)) {
                    c.sendId(UUID.randomUUID());
                    c.sendRaw(header(0x42, 2));
                    c.sendRaw(new byte[] {1, 2});
                    assertHungUp(c);
                }
            });
            assertTrue(log.has("protocol error", "unknown kind 0x42", "remote="), log.messages().toString());
        }
    }

    @Test
    void truncatedHeaderThenCloseIsLogged() throws Exception {
        try (LogCapture log = new LogCapture("io.ramal")) {
            withGoodCall(() -> {
                AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port);
                c.sendId(UUID.randomUUID());
                c.sendRaw(new byte[] {0x10, 0x01});
                c.close();
                Await.until(Duration.ofSeconds(3), "log line", () -> log.has("2 of 3 header bytes"));
            });
            assertTrue(log.has("protocol error", "connection closed inside a frame after 2 of 3 header bytes"),
                    log.messages().toString());
        }
    }

    @Test
    void lengthLargerThanWhatFollowsEndsAtTheIdleTimeout() throws Exception {
        try (LogCapture log = new LogCapture("io.ramal")) {
            withGoodCall(() -> {
                try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port)) {
                    c.sendId(UUID.randomUUID());
                    c.sendRaw(header(0x10, 320));
                    c.sendRaw(new byte[100]);
                    assertHungUp(c);
                }
            });
            assertTrue(log.has("idle timeout"), log.messages().toString());
        }
    }

    @Test
    void lengthLargerThanWhatFollowsThenCloseIsLogged() throws Exception {
        try (LogCapture log = new LogCapture("io.ramal")) {
            withGoodCall(() -> {
                AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port);
                c.sendId(UUID.randomUUID());
                c.sendRaw(header(0x10, 320));
                c.sendRaw(new byte[100]);
                c.close();
                Await.until(Duration.ofSeconds(3), "log line", () -> log.has("100 of 320 payload bytes"));
            });
        }
    }

    @Test
    void audioBeforeTheIdIsAProtocolError() throws Exception {
        try (LogCapture log = new LogCapture("io.ramal")) {
            withGoodCall(() -> {
                try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port)) {
                    c.sendRaw(header(0x10, 320));
                    c.sendRaw(new byte[320]);
                    assertHungUp(c);
                }
            });
            assertTrue(log.has("protocol error", "first frame was AUDIO_8K, expected ID"), log.messages().toString());
        }
    }

    @Test
    void noIdWithinTheHandshakeTimeoutIsHungUp() throws Exception {
        long before = listener.counters().handshakeTimeouts.sum();
        try (LogCapture log = new LogCapture("io.ramal")) {
            withGoodCall(() -> {
                try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port)) {
                    long t0 = System.nanoTime();
                    assertHungUp(c);
                    long waited = (System.nanoTime() - t0) / 1_000_000;
                    assertTrue(waited >= 400, "closed after the 500 ms handshake timeout, not before: " + waited);
                }
            });
            assertTrue(log.has("handshake timeout", "waited-ms=500"), log.messages().toString());
        }
        assertEquals(before + 1, listener.counters().handshakeTimeouts.sum());
    }

    @Test
    void silentPeerIsHungUpAfterTheIdleTimeout() throws Exception {
        long before = listener.counters().idleTimeouts.sum();
        try (LogCapture log = new LogCapture("io.ramal")) {
            withGoodCall(() -> {
                try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port)) {
                    c.sendId(UUID.randomUUID());
                    c.sendAudio(io.ramal.gateway.codec.AudioSocketKind.AUDIO_8K, new byte[320], 0, 320);
                    long t0 = System.nanoTime();
                    assertHungUp(c);
                    long waited = (System.nanoTime() - t0) / 1_000_000;
                    assertTrue(waited >= 900, "hung up after the 1 s idle timeout, not before: " + waited);
                    // Silence kept flowing while the peer was quiet: Asterisk's timer stays happy.
                    assertTrue(c.received().size() > 30, "silence frames were sent: " + c.received().size());
                }
            });
            assertTrue(log.has("idle timeout", "silent-ms="), log.messages().toString());
        }
        assertEquals(before + 1, listener.counters().idleTimeouts.sum());
    }

    @Test
    void closeBeforeIdentifyingIsOrdinary() throws Exception {
        long before = listener.counters().closedBeforeId.sum();
        long errors = listener.counters().protocolErrors.sum();
        AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port);
        c.close();
        Await.until(Duration.ofSeconds(3), "counted", () -> listener.counters().closedBeforeId.sum() == before + 1);
        assertEquals(errors, listener.counters().protocolErrors.sum(), "not a protocol error");
    }

    @Test
    void errorFrameEndsTheCallWithItsMeaningLogged() throws Exception {
        try (LogCapture log = new LogCapture("io.ramal")) {
            try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port)) {
                c.sendId(UUID.randomUUID());
                c.send((byte) 0xff, new byte[] {0x04}, 0, 1);
                assertHungUp(c);
            }
            assertTrue(log.has("error frame", "meaning=memory"), log.messages().toString());
        }
    }

    @Test
    void callerHangupLeavesNoConnectionBehind() throws Exception {
        AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port);
        c.sendId(UUID.randomUUID());
        Await.until(Duration.ofSeconds(2), "call counted", () -> listener.activeCalls() >= 1);
        c.close();
        Await.until(Duration.ofSeconds(2), "no call left", () -> listener.activeCalls() == 0);
    }
}
