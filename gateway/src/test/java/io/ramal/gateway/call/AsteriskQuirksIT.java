package io.ramal.gateway.call;

import io.ramal.gateway.client.AudioSocketClient;
import io.ramal.gateway.codec.AudioSocketKind;
import io.ramal.gateway.listener.NettyListener;
import io.ramal.gateway.testing.LogCapture;
import io.ramal.gateway.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a real Asterisk sends that a textbook peer would not, through an echo extension and the
 * real AudioSocket client: a WAV playback's short last frame comes back as it went, not padded
 * with silence; a mislabelled mu-law call's odd-length last frame costs a byte and a WARN, not
 * the call; the burst Asterisk queued before the leg was up is echoed whole.
 */
class AsteriskQuirksIT {

    private static final int FB = 320;

    private static TestGateway gw;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.echo();
        NettyListener listener = gw.bindEcho("9013");
        port = TestGateway.port(listener);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** Speech-like bytes with no zero in them, so padding would show. */
    private static byte[] speech(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (1 + (seed * 31 + i * 7) % 120);
        }
        return b;
    }

    /** Sends {@code frames} at a 20 ms pace against absolute deadlines, as Asterisk does. */
    private static void stream(AudioSocketClient c, List<byte[]> frames) throws Exception {
        long next = System.nanoTime();
        for (byte[] f : frames) {
            c.sendAudio(AudioSocketKind.AUDIO_8K, f, 0, f.length);
            next += 20_000_000L;
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    /** Every frame received within {@code window}. */
    private static List<AudioSocketClient.Frame> collect(AudioSocketClient c, Duration window) throws Exception {
        List<AudioSocketClient.Frame> got = new ArrayList<>();
        long end = System.nanoTime() + window.toNanos();
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            AudioSocketClient.Frame f = c.poll(Duration.ofNanos(left));
            if (f != null) {
                got.add(f);
            }
        }
        return got;
    }

    @Test
    void aPlaybacksShortLastFrameIsEchoedUnpadded() throws Exception {
        try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port)) {
            c.sendId(UUID.randomUUID());
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                frames.add(speech(FB, i));
            }
            byte[] last = speech(276, 99);
            frames.add(last);
            stream(c, frames);
            List<AudioSocketClient.Frame> echoed = collect(c, Duration.ofMillis(400));
            assertFalse(c.isClosedByServer(), "the call goes on");
            boolean shortSeen = false;
            for (AudioSocketClient.Frame f : echoed) {
                byte[] p = f.payload();
                if (p.length == 276) {
                    assertArrayEquals(last, p, "the short frame's bytes, as they went");
                    shortSeen = true;
                }
                if (p.length == FB && p[0] != 0) {
                    byte[] tail = Arrays.copyOfRange(p, 276, FB);
                    assertFalse(Arrays.equals(new byte[FB - 276], tail),
                            "no frame of speech ends in 44 zero bytes (the old padding)");
                }
            }
            assertTrue(shortSeen, "the echo holds a 276-byte frame; got lengths "
                    + echoed.stream().map(f -> f.payload().length).toList());
        }
    }

    @Test
    void anOddLengthFrameLosesItsLastByteAndTheCallGoesOn() throws Exception {
        try (LogCapture log = new LogCapture("io.ramal");
             AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", port)) {
            c.sendId(UUID.randomUUID());
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                frames.add(speech(FB, i));
            }
            frames.add(speech(113, 1)); // a mislabelled mu-law call's last frame
            frames.add(speech(113, 2)); // and another: one WARN per call
            for (int i = 0; i < 15; i++) {
                frames.add(speech(FB, 50 + i));
            }
            stream(c, frames);
            List<AudioSocketClient.Frame> echoed = collect(c, Duration.ofMillis(300));
            assertFalse(c.isClosedByServer(), "the call is not hung up");
            assertFalse(c.hangupReceived(), "no hangup frame");
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            echoed.forEach(f -> all.writeBytes(f.payload()));
            byte[] after = speech(FB, 60);
            assertTrue(contains(all.toByteArray(), after), "audio sent after the odd frames is still echoed");
            for (AudioSocketClient.Frame f : echoed) {
                assertEquals(0, f.payload().length & 1, "only whole samples go back");
            }
            long warns = log.messages().stream().filter(m -> m.contains("(odd)")).count();
            assertEquals(1, warns, "one WARN per call: " + log.messages());
            assertTrue(log.has("113 bytes", "c(slin)"), log.messages().toString());
        }
    }

    /**
     * With {@code Answer()} before {@code Dial}, Asterisk queues the caller's first 13 or 14 frames
     * while the leg comes up and sends them in one burst right after the id frame. The live
     * playout keeps them all (its capacity is 10 frames), and the paced speech behind them; the
     * pause that follows brings the latency back down, counted as overflows.
     */
    @Test
    void theBurstAsteriskQueuedBeforeTheLegWasUpIsEchoedWhole() throws Exception {
        NettyListener burstLine = gw.bindEcho("9016");
        int burst = 14;
        int paced = 50;
        try (AudioSocketClient c = AudioSocketClient.connect("127.0.0.1", TestGateway.port(burstLine))) {
            c.sendId(UUID.randomUUID());
            java.io.ByteArrayOutputStream queued = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < burst; i++) {
                queued.writeBytes(new byte[] {(byte) AudioSocketKind.AUDIO_8K.byteValue(), (byte) (FB >> 8), (byte) FB});
                queued.writeBytes(speech(FB, i));
            }
            c.sendRaw(queued.toByteArray()); // one write: the burst
            List<byte[]> frames = new ArrayList<>();
            for (int i = burst; i < burst + paced; i++) {
                frames.add(speech(FB, i));
            }
            for (int i = 0; i < 150; i++) {
                frames.add(new byte[FB]); // a pause of three seconds
            }
            stream(c, frames);
            List<Integer> echoed = new ArrayList<>();
            for (AudioSocketClient.Frame f : collect(c, Duration.ofMillis(300))) {
                for (int i = 0; i < burst + paced; i++) {
                    if (Arrays.equals(f.payload(), speech(FB, i))) {
                        echoed.add(i);
                    }
                }
            }
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < burst + paced; i++) {
                all.add(i);
            }
            assertEquals(all, echoed, "every frame of the burst and of the speech after it, once, in order");
            long trimmed = burstLine.counters().overflows.sum();
            assertTrue(trimmed >= 8, "the pause took the burst's latency back down (14 frames over a target of 3): "
                    + "trimmed " + trimmed);
        } finally {
            burstLine.shutdown();
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
