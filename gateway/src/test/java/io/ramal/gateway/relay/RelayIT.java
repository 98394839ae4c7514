package io.ramal.gateway.relay;

import io.ramal.audio.AudioFormat;
import io.ramal.gateway.call.EndReason;
import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.client.CallRunner;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.testing.Await;
import io.ramal.gateway.testing.GoodCall;
import io.ramal.gateway.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call through the relay on real sockets: Asterisk (the test client) calls a node whose
 * extension relays queue {@code suporte} to the owner's relay port, where an echo answers. The
 * audio comes back whole and paced by the node's own pacer, digits cross, and either side's
 * hangup ends the other's.
 */
class RelayIT {

    private static final Pattern TRIMMED = Pattern.compile(" overflows=(\\d+) dropped-out=(\\d+) ");

    @Test
    void aRelayedCallIsEchoedWholeAndPacedAndItsDigitsCross() throws Exception {
        try (RelayNodes n = new RelayNodes(); LogCapture calls = GoodCall.calls();
             LogCapture relay = new LogCapture("io.ramal.gateway.relay")) {
            RelayNodes.Targets targets = new RelayNodes.Targets(n.ownerListener);
            RelayServer server = n.relayPort(targets);
            n.route.set(RelayNodes.to("node-a", server));
            UUID id = UUID.randomUUID();
            CallRunner.Result r = CallRunner.run(new CallRunner.Plan(n.nodeAddress(), id, AudioFormat.SLIN_8K,
                    noise(AudioFormat.SLIN_8K, 2000), Duration.ofMillis(2000), Map.of(Duration.ofMillis(600), '5'),
                    Duration.ofMillis(400)));

            LoggerFactory.getLogger(RelayIT.class).info("relayed {}", r.summary());
            assertEquals(100, r.audioFramesSent(), r.summary());
            // Every frame came back, or was trimmed and counted by one of the two calls it crossed.
            long trimmed = trimmed(calls, id, 2) + n.nodeStats.droppedUnwritable() + n.nodeStats.droppedNoOwner();
            assertEquals(r.audioFramesSent(), r.echoedFrames() + trimmed, r.summary() + "; " + calls.messages());
            assertTrue(trimmed <= GoodCall.MAX_TRIMMED, r.summary());
            // Paced by the node's own pacer: 20 ms apart, p99 within 25 ms of that.
            assertTrue(r.gapP50Ms() > 15 && r.gapP50Ms() < 25, r.summary());
            assertTrue(r.gapP99Ms() <= 45, r.summary());
            assertFalse(r.hangupReceived() || r.closedByServer(), r.summary());

            RelayHeader h = targets.headers.get(0);
            assertEquals(List.of(id, RelayNodes.QUEUE, RelayRole.CALLER, n.arrivedAt, "node-b", "9100", 8000),
                    List.of(h.call(), h.queue(), h.role(), h.arrivedAtMillis(), h.fromNode(), h.ramal(), h.sampleRate()));
            List<RelayNodes.OwnerEcho> owned = n.ownerCalls(id);
            assertEquals(1, owned.size(), "one call on the owner");
            assertEquals("5", owned.get(0).digits.toString(), "the digit crossed");
            Await.until(Duration.ofSeconds(5), "the caller's hangup ends the owner's call",
                    () -> owned.get(0).ended != null);
            assertEquals(EndReason.REMOTE_HANGUP, owned.get(0).ended);
            assertTrue(calls.has("call=" + id, "detail=\"hangup frame\""), "the owner heard the hangup frame: "
                    + calls.messages());
            assertTrue(relay.has("relay connected call=" + id, "queue=suporte", "owner=node-a"), relay.messages().toString());
            assertEquals(1, server.stats().accepted());
            assertEquals(1, n.nodeStats.legsUp());
            Await.until(Duration.ofSeconds(5), "the relay connection closed", () -> server.connections() == 0);
        }
    }

    @Test
    void theOwnersHangupEndsTheCallersCall() throws Exception {
        try (RelayNodes n = new RelayNodes()) {
            RelayServer server = n.relayPort(new RelayNodes.Targets(n.ownerListener));
            n.route.set(RelayNodes.to("node-a", server));
            UUID id = UUID.randomUUID();
            try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", n.nodeAddress().getPort())) {
                c.sendId(id);
                byte[] frame = noise(AudioFormat.SLIN_8K, 20);
                for (int i = 0; i < 10; i++) {
                    c.sendAudio(AudioSocketKind.AUDIO_8K, frame, 0, frame.length);
                    Thread.sleep(20);
                }
                Await.until(Duration.ofSeconds(5), "the owner's call", () -> n.ownerCalls(id).size() == 1
                        && n.ownerCalls(id).get(0).frames.get() > 0);
                c.sendDtmf('#');
                assertTrue(c.awaitClosed(Duration.ofSeconds(5)), "the node closed the caller's call");
                assertTrue(c.hangupReceived(), "with the hangup frame");
            }
            assertEquals(EndReason.LOCAL_HANGUP, n.ownerCalls(id).get(0).ended);
            assertEquals(0, n.nodeStats.legsLost(), "an owner's hangup is no loss");
        }
    }

    /** Frames trimmed (overflows + dropped-out) by the {@code lines} call-ended lines of {@code id}, once they are all there. */
    static long trimmed(LogCapture calls, UUID id, int lines) {
        String key = "call=" + id + " ";
        Await.until(Duration.ofSeconds(5), () -> lines + " end lines of " + id + " in " + calls.messages(),
                () -> calls.messages().stream().filter(m -> m.contains(key)).count() >= lines);
        long sum = 0;
        for (String m : calls.messages()) {
            if (m.contains(key)) {
                Matcher t = TRIMMED.matcher(m);
                assertTrue(t.find(), m);
                sum += Long.parseLong(t.group(1)) + Long.parseLong(t.group(2));
            }
        }
        return sum;
    }

    /** Deterministic non-silent audio whose 20 ms frames all differ. */
    static byte[] noise(AudioFormat format, int millis) {
        byte[] b = new byte[format.frameBytes() * millis / 20];
        long x = 0x9E3779B97F4A7C15L ^ System.nanoTime();
        for (int i = 0; i < b.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) (x | 1);
        }
        return b;
    }
}
