package io.ramal.gateway.call;

import io.ramal.extensions.ListenerState;
import io.ramal.extensions.ListenerStatus;
import io.ramal.extensions.StoreHealth;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketHeader;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.config.HttpSettings;
import io.ramal.gateway.handler.Handlers;
import io.ramal.gateway.http.AdminServer;
import io.ramal.gateway.http.GatewayMetrics;
import io.ramal.gateway.listener.NettyListener;
import io.ramal.gateway.status.ListenerReport;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.LogCapture;
import io.ramal.gateway.testing.PrometheusText;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls that cost the caller nothing are bounded, on real sockets: digits alone do not keep a
 * call, a call ends at {@code call.max-duration}, a caller that never reads is hung up at the
 * write-stall timeout with the gateway's socket queue bounded, and the frames such calls lose
 * show in {@code /metrics} while they are still up.
 */
class CheapCallsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestGateway gateway(String... settings) {
        Map<String, String> m = new java.util.HashMap<>(Map.of("handshake-timeout", "500ms", "idle-timeout", "1s"));
        for (int i = 0; i < settings.length; i += 2) {
            m.put(settings[i], settings[i + 1]);
        }
        return new TestGateway(Handlers.withEcho(), CallSettings.from(m));
    }

    @Test
    void aCallerThatSendsOnlyDigitsIsHungUpAtTheIdleTimeout() throws Exception {
        try (TestGateway gw = gateway(); LogCapture calls = LogCapture.info("ramal.calls")) {
            NettyListener l = gw.bindEcho("9000");
            try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", TestGateway.port(l))) {
                c.sendId(UUID.randomUUID());
                long t0 = System.nanoTime();
                while (!c.awaitClosed(Duration.ofMillis(100))) { // one digit every 100 ms, no audio
                    assertTrue(System.nanoTime() - t0 < WAIT.toNanos(), "digits kept the call alive");
                    if (!send(() -> c.sendDtmf('5'))) {
                        break;
                    }
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(c.awaitClosed(WAIT), "closed by the gateway");
                assertTrue(ms >= 900 && ms < 2_500, "hung up at the 1 s idle timeout: " + ms + " ms");
                assertTrue(c.hangupReceived(), "with the hangup frame");
            }
            Await.until(WAIT, "the call ended", () -> l.activeCalls() == 0);
            assertEquals(1, l.counters().idleTimeouts.sum());
            assertTrue(calls.has("reason=idle-timeout"), calls.messages().toString());
        }
    }

    @Test
    void aCallIsHungUpAtItsMaxDuration() throws Exception {
        try (TestGateway gw = gateway("max-duration", "1500ms"); LogCapture calls = LogCapture.info("ramal.calls")) {
            NettyListener l = gw.bindEcho("9000");
            try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", TestGateway.port(l))) {
                c.sendId(UUID.randomUUID());
                byte[] frame = new byte[320];
                long t0 = System.nanoTime();
                while (!c.awaitClosed(Duration.ofMillis(20))) { // a well-behaved caller, talking throughout
                    assertTrue(System.nanoTime() - t0 < WAIT.toNanos(), "never hung up");
                    if (!send(() -> c.sendAudio(AudioSocketKind.AUDIO_8K, frame, 0, frame.length))) {
                        break;
                    }
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(c.awaitClosed(WAIT), "closed by the gateway");
                assertTrue(ms >= 1_400 && ms < 3_000, "hung up at the 1.5 s limit: " + ms + " ms");
                assertTrue(c.hangupReceived(), "with the hangup frame");
            }
            Await.until(WAIT, "the call ended", () -> l.activeCalls() == 0);
            assertEquals(1, l.counters().maxDurations.sum());
            assertEquals(0, l.counters().idleTimeouts.sum());
            assertTrue(calls.has("reason=max-duration"), calls.messages().toString());
        }
    }

    @Test
    void aCallerThatNeverReadsIsHungUpAtTheWriteStallTimeoutWithItsQueueBounded() throws Exception {
        assertTrue(Files.isReadable(Path.of("/proc/net/tcp")), "this test reads the socket queues from Linux's /proc/net/tcp");
        try (TestGateway gw = gateway("write-stall-timeout", "1s", "hangup-grace", "500ms");
             LogCapture log = new LogCapture("io.ramal"); LogCapture calls = LogCapture.info("ramal.calls")) {
            NettyListener l = gw.bindEcho("9000");
            int port = TestGateway.port(l);
            try (NonReader peer = new NonReader(port, true)) {
                long firstDrop = 0;
                long peakQueued = 0;
                long t0 = System.nanoTime();
                while (l.counters().writeStalls.sum() == 0) {
                    assertTrue(System.nanoTime() - t0 < WAIT.toNanos(), "never hung up; queued " + peakQueued);
                    if (firstDrop == 0 && l.counters().droppedOut.sum() > 0) {
                        firstDrop = System.nanoTime(); // the socket is full: the stall clock starts
                    }
                    peakQueued = Math.max(peakQueued, sendQueue(port, peer.localPort()));
                    Thread.sleep(5);
                }
                long stalledMs = (System.nanoTime() - firstDrop) / 1_000_000;
                assertTrue(firstDrop > 0, "frames were dropped, counted live, before the hangup");
                assertTrue(stalledMs >= 900 && stalledMs < 3_000, "hung up at the 1 s write-stall timeout: " + stalledMs);
                // 64 KiB SO_SNDBUF (the kernel doubles it); the OS default grows to megabytes.
                assertTrue(peakQueued > 0 && peakQueued <= 256 * 1024, "the kernel queue stayed bounded: " + peakQueued);
                // The hangup frame cannot leave: the grace closes the socket anyway, with a reset, so
                // the kernel lets go of the unread bytes at once rather than probing for minutes.
                Await.until(Duration.ofSeconds(3), "the gateway's socket is gone",
                        () -> sendQueue(port, peer.localPort()) < 0);
                assertTrue(peer.failed.get() || peer.awaitFailure(Duration.ofSeconds(3)),
                        "the caller's socket was reset");
            }
            Await.until(WAIT, "the call ended", () -> l.activeCalls() == 0);
            assertEquals(1, l.counters().writeStalls.sum());
            assertTrue(log.has("write stall", "stalled-ms="), log.messages().toString());
            assertTrue(calls.has("reason=write-stall"), calls.messages().toString());
        }
    }

    @Test
    void aSilentCallerThatNeverReadsIsResetSoTheKernelLetsGoOfItsBytes() throws Exception {
        assertTrue(Files.isReadable(Path.of("/proc/net/tcp")), "this test reads the socket queues from Linux's /proc/net/tcp");
        // Idle off: only the stall ends it. One frame sets the rate, then the gateway's silence fills the socket.
        try (TestGateway gw = gateway("write-stall-timeout", "1s", "hangup-grace", "500ms", "idle-timeout", "0s")) {
            NettyListener l = gw.bindEcho("9000");
            int port = TestGateway.port(l);
            try (NonReader peer = new NonReader(port, false)) {
                Await.until(WAIT, "hung up for the write stall", () -> l.counters().writeStalls.sum() == 1);
                assertTrue(sendQueue(port, peer.localPort()) > 0, "unread bytes queued in the kernel");
                // A plain close would leave them there, the socket probing a zero window for minutes.
                Await.until(Duration.ofSeconds(3), "the gateway's socket is gone",
                        () -> sendQueue(port, peer.localPort()) < 0);
            }
        }
    }

    @Test
    void droppedFramesAndUnderrunsShowInMetricsWhileTheCallIsUp() throws Exception {
        try (TestGateway gw = gateway("write-stall-timeout", "0s", "idle-timeout", "5s")) {
            NettyListener nonReading = gw.bindEcho("9001");
            NettyListener gappy = gw.bindEcho("9002");
            List<ListenerStatus> statuses = List.of(
                    new ListenerStatus("9001", nonReading.extension(), ListenerState.BOUND, null, Instant.now(), 0),
                    new ListenerStatus("9002", gappy.extension(), ListenerState.BOUND, null, Instant.now(), 0));
            Supplier<List<ListenerReport>> reports = () -> statuses.stream()
                    .map(s -> ListenerReport.of(s, gw.factory.counters(s.ramal()), gw.factory.listener(s.ramal())))
                    .toList();
            try (AdminServer admin = new AdminServer(new HttpSettings(true, "127.0.0.1", 0, ""), reports,
                    () -> new StoreHealth("file", true, null, StoreHealth.ServingFrom.STORE, null),
                    new GatewayMetrics(reports)).start(gw.transport);
                 NonReader peer = new NonReader(TestGateway.port(nonReading), true);
                 AudioSocketClient talker = AudioSocketClient.connect("127.0.0.1", TestGateway.port(gappy))) {
                talker.sendId(UUID.randomUUID());
                byte[] frame = new byte[320];
                frame[0] = 1;
                HttpClient http = HttpClient.newHttpClient();
                long t0 = System.nanoTime();
                while (true) {
                    // Speech with gaps: two frames, then 100 ms of nothing; each return is an underrun.
                    talker.sendAudio(AudioSocketKind.AUDIO_8K, frame, 0, frame.length);
                    talker.sendAudio(AudioSocketKind.AUDIO_8K, frame, 0, frame.length);
                    Thread.sleep(100);
                    PrometheusText m = PrometheusText.parse(http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + admin.port() + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                    double dropped = m.value("ramal_frames_dropped_out_total", Map.of("ramal", "9001"));
                    double underruns = m.value("ramal_playout_underruns_total", Map.of("ramal", "9002"));
                    if (dropped > 0 && underruns > 0) {
                        break;
                    }
                    assertTrue(System.nanoTime() - t0 < 2 * WAIT.toNanos(),
                            "not live in /metrics: dropped=" + dropped + " underruns=" + underruns);
                }
                assertEquals(1, nonReading.activeCalls(), "the non-reading call is still up");
                assertEquals(1, gappy.activeCalls(), "the gappy call is still up");
                assertFalse(talker.isClosedByServer());
            }
        }
    }

    interface Send {
        void run() throws IOException;
    }

    /** Sends; false when the gateway closed the socket meanwhile (a write after its close fails). */
    private static boolean send(Send s) {
        try {
            s.run();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Bytes in the send queue of the gateway's socket from {@code port} to {@code peerPort}, as
     * the kernel reports them ({@code tx_queue}); -1 when the socket is gone.
     */
    private static long sendQueue(int port, int peerPort) {
        String local = String.format(":%04X", port);
        String remote = String.format(":%04X", peerPort);
        try {
            // Java and Netty open IPv6 sockets where they can: 127.0.0.1 then shows as ::ffff:127.0.0.1.
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                Path p = Path.of(table);
                if (!Files.isReadable(p)) {
                    continue;
                }
                for (String line : Files.readAllLines(p)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 4 && f[1].endsWith(local) && f[2].endsWith(remote)) {
                        return Long.parseLong(f[4].substring(0, f[4].indexOf(':')), 16);
                    }
                }
            }
            return -1;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A caller that identifies and then talks at 192 kHz (the gateway echoes 384 KB/s back) but
     * never reads, through a small receive buffer: what fills the gateway's socket fastest.
     * Unless it {@code talks}, it sends one audio frame (the gateway then sends silence at that rate).
     */
    private static final class NonReader implements AutoCloseable {
        private final Socket socket = new Socket();
        private final Thread talker;
        final AtomicBoolean failed = new AtomicBoolean();
        private volatile boolean stop;

        NonReader(int port, boolean talks) throws IOException {
            socket.setReceiveBufferSize(4096); // before connect, so the window stays small
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            OutputStream out = socket.getOutputStream();
            UUID id = UUID.randomUUID();
            out.write(ByteBuffer.allocate(19).put((byte) 0x01).putShort((short) 16)
                    .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array());
            int len = AudioSocketKind.AUDIO_192K.format().frameBytes();
            byte[] frame = new byte[AudioSocketHeader.BYTES + len];
            AudioSocketHeader.write(frame, 0, AudioSocketKind.AUDIO_192K, len);
            talker = new Thread(() -> {
                try {
                    out.write(frame);
                    while (talks && !stop) {
                        Thread.sleep(20);
                        out.write(frame);
                    }
                } catch (IOException e) {
                    failed.set(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "non-reader");
            talker.setDaemon(true);
            talker.start();
        }

        int localPort() {
            return socket.getLocalPort();
        }

        boolean awaitFailure(Duration timeout) throws InterruptedException {
            talker.join(timeout.toMillis());
            return failed.get();
        }

        @Override
        public void close() throws IOException {
            stop = true;
            socket.close();
        }
    }
}
